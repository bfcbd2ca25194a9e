"""A chair sends a phone photo over a slow, unreliable mobile network.

A real headless Chromium at a phone's viewport, with Chromium's own network
throttling (DevTools' `Network.emulateNetworkConditions`). The 4000 × 3000
photo leaves the page at most 2560 px and under 1 MB, the progress bars move,
the connection is cut in the middle of sending, and «Send again» sends it
once more: exactly one material with its photo is saved.
"""

import contextlib
import io
import re
import socket
import threading
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from materials.models import Submission

from .test_uploads import LONG_TEXT

pytestmark = pytest.mark.browser

# A mobile network in a district centre: slow upload, long round trips.
SLOW = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 1_000_000 / 8,
}


def phone_photo() -> bytes:
    """A 4000 × 3000 photo with a camera's texture (about 3 MB), held sideways:
    the EXIF orientation says to turn it to 3000 × 4000."""
    from PIL import Image, ImageFilter

    low = (500, 375)
    red = Image.linear_gradient("L").resize(low)
    green = Image.effect_noise(low, 60).convert("L").filter(ImageFilter.GaussianBlur(2))
    blue = Image.linear_gradient("L").rotate(90).resize(low)
    picture = Image.merge("RGB", (red, green, blue)).resize((4000, 3000))
    grain = Image.effect_noise((4000, 3000), 18).convert("L")
    picture = Image.blend(picture, Image.merge("RGB", (grain, grain, grain)), 0.25)
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95, exif=exif.tobytes())
    return buffer.getvalue()


class CuttingProxy:
    """A TCP relay in front of the live server that, while `cutting`, cuts the
    connection of each POST of a material once `after` bytes of it went
    through: the phone loses the network in the middle of sending. (Chromium
    itself sends a POST again once when a reused connection breaks, so one
    cut alone would not reach the page.)"""

    def __init__(self, target: str, *, after: int):
        parsed = urlparse(target)
        self.target = (parsed.hostname, parsed.port)
        self.after = after
        self.cutting = True
        self.cuts = 0
        # Or: let the material through and cut the server's answer to it.
        self.cutting_answers = False
        self.answers_cut = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://localhost:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source, sink, upstream: bool):
        sent = None  # bytes of the material's POST relayed so far
        try:
            while data := source.recv(65536):
                if not upstream and self.cutting_answers and data.startswith(b"HTTP/1.1 302"):
                    self.answers_cut += 1
                    self._cut(source, sink)
                    return
                if upstream and self.cutting:
                    if sent is None and b"POST /submissions/new/" in data:
                        sent = 0
                    if sent is not None:
                        sent += len(data)
                        if sent > self.after:
                            self.cuts += 1
                            self._cut(source, sink)
                            return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.close()

    @staticmethod
    def _cut(*ends):
        # shutdown() first: the other direction's thread still waits on these sockets.
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def close(self):
        self.listener.close()


def log_in(page, username: str) -> None:
    """As on a phone: the menu is folded, so the address says it worked."""
    page.goto("/accounts/login/")
    form = page.get_by_test_id("login-form")
    form.get_by_label("Имя пользователя").fill(username)
    form.get_by_label("Пароль").fill(settings.DEMO_PASSWORD)
    form.get_by_role("button", name="Войти").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


@pytest.fixture
def proxy(live_server):
    relay = CuttingProxy(live_server.url, after=300_000)
    yield relay
    relay.close()


@pytest.fixture
def phone(browser, live_server, proxy):
    context = browser.new_context(
        locale="en-US",
        base_url=proxy.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_phone_photo_is_made_small_and_a_dropped_send_is_retried_once(
    phone,
    proxy,
    demo,
    tmp_path,
):
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(phone_photo())
    assert photo.stat().st_size > 2_000_000

    log_in(phone, "chair")
    phone.goto("/submissions/new/")
    network = phone.context.new_cdp_session(phone)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW)
    posts = []
    phone.on(
        "request",
        lambda request: posts.append(request) if request.method == "POST" else None,
    )

    form = phone.get_by_test_id("submission-form")
    form.locator("[name=title]").fill("Праздник в сельской школе")
    form.locator("[name=text]").fill(LONG_TEXT)
    form.locator("[name=event_date]").fill(timezone.localdate().isoformat())
    form.locator("[name=photos]").set_input_files([str(photo)])
    form.locator("#id_consent").check()
    form.get_by_test_id("submit-material").click()

    # The photo is made smaller before it leaves the phone.
    sent = form.get_by_test_id("upload-photo")
    expect(sent).to_have_count(1)
    assert int(sent.get_attribute("data-bytes")) <= 1_000_000
    # The upload moves, for the material and for the photo; then the connection is cut.
    total = form.get_by_test_id("upload-progress")
    expect(total).not_to_have_attribute("aria-valuenow", "0")
    expect(form.get_by_test_id("upload-photo-progress")).not_to_have_attribute("aria-valuenow", "0")
    assert int(total.get_attribute("aria-valuenow")) < 100
    # Chromium sends a broken POST again by itself a few times before it gives up.
    expect(form.get_by_test_id("upload-failed")).to_be_visible(timeout=90_000)
    assert proxy.cuts >= 1
    assert not Submission.objects.exists()
    # Nothing typed or chosen is lost.
    expect(form.locator("[name=title]")).to_have_value("Праздник в сельской школе")
    assert form.locator("[name=photos]").evaluate("input => input.files.length") == 1

    proxy.cutting = False  # the network is back
    form.get_by_test_id("upload-retry").click()
    expect(phone).to_have_url(re.compile(r"/submissions/\d+/$"), timeout=90_000)
    expect(phone.get_by_test_id("submission-status")).to_have_attribute("data-status", "new")
    expect(phone.get_by_test_id("photo")).to_have_count(1)

    # Every POST the page made (Chromium's own resend of a broken one included) was small.
    assert len(posts) >= 2
    assert all(len(post.post_data_buffer or b"") <= 1_000_000 + 10_000 for post in posts)
    submission = Submission.objects.get()
    stored = submission.photos.get()
    # Turned as the camera said and cut to 2560 px by the browser.
    assert (stored.width, stored.height) == (1920, 2560)


def test_a_send_the_server_saved_but_whose_answer_was_lost_is_not_saved_twice(
    phone,
    proxy,
    demo,
    tmp_path,
):
    from . import images

    photo = tmp_path / "small.jpg"
    photo.write_bytes(images.encode(images.sharp_image(1600, 1200), "JPEG"))
    proxy.cutting = False
    log_in(phone, "chair")
    phone.goto("/submissions/new/")
    proxy.cutting_answers = True  # the server saves; the phone never hears back
    form = phone.get_by_test_id("submission-form")
    form.locator("[name=title]").fill("Субботник")
    form.locator("[name=text]").fill(LONG_TEXT)
    form.locator("[name=event_date]").fill(timezone.localdate().isoformat())
    form.locator("[name=photos]").set_input_files([str(photo)])
    form.locator("#id_consent").check()
    form.get_by_test_id("submit-material").click()
    expect(form.get_by_test_id("upload-failed")).to_be_visible(timeout=90_000)
    # Saved once, though the phone does not know (and Chromium sent it again by itself).
    assert proxy.answers_cut >= 1
    assert Submission.objects.count() == 1

    proxy.cutting_answers = False
    form.get_by_test_id("upload-retry").click()
    expect(phone).to_have_url(re.compile(r"/submissions/\d+/$"), timeout=90_000)
    expect(phone.get_by_test_id("submission-status")).to_have_attribute("data-status", "new")
    submission = Submission.objects.get()
    assert submission.photos.count() == 1
    assert phone.url.endswith(submission.get_absolute_url())
