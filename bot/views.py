"""Telegram's webhook: the updates of the union's bot, when the portal has an
https address (otherwise `manage.py telegram_bot` polls and this is 404)."""

from __future__ import annotations

import hashlib
import hmac
import json

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from qrcode.image.svg import SvgPathImage

from portal.exceptions import Refused

from . import services
from .models import NotifyBy, TelegramLink

MAX_BODY = 1024 * 1024  # an update is a few kilobytes; a file comes by getFile


def webhook_secret() -> str:
    """The `secret_token` given to setWebhook: the setting, or one derived from
    SECRET_KEY and the bot's token (letters, digits, _ and -, as Telegram asks)."""
    if settings.TELEGRAM_WEBHOOK_SECRET:
        return settings.TELEGRAM_WEBHOOK_SECRET
    material = f"telegram-webhook:{settings.SECRET_KEY}:{settings.TELEGRAM_BOT_TOKEN}"
    return hashlib.sha256(material.encode()).hexdigest()


def webhook_enabled() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN) and settings.SITE_URL.startswith("https://")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    if not webhook_enabled():
        raise Http404
    # The header before the body: a caller without the secret makes the
    # portal read nothing.
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), webhook_secret().encode()):
        return HttpResponseForbidden()
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return HttpResponse(status=413)
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    if isinstance(update, dict):
        services.update_handle(update)
    return HttpResponse("ok")


# --- The profile page: /accounts/telegram/ ----------------------------------------


def _qr_svg(address: str) -> str:
    """The deep link as an inline SVG QR code (made from our own address only)."""
    image = qrcode.make(address, image_factory=SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    link = TelegramLink.objects.filter(user=user).first()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "code":
                services.link_code_create(user=user)
            elif action == "unlink":
                services.link_remove(user=user)
                messages.success(request, _("Telegram is unlinked."))
            elif action == "notify_by":
                services.notify_by_set(user=user, choice=request.POST.get("notify_by", ""))
                messages.success(request, _("Saved."))
        except Refused as refusal:
            messages.error(request, str(refusal))
        return redirect("bot:account")
    name = services.bot_name()
    code = services.current_code(user=user) if link is None else None
    deep_link = f"https://t.me/{name}?start={code.code}" if code and name else ""
    return render(
        request,
        "bot/account.html",
        {
            "link": link,
            "bot_name": name,
            "configured": bool(settings.TELEGRAM_BOT_TOKEN),
            "deep_link": deep_link,
            "qr": mark_safe(_qr_svg(deep_link)) if deep_link else "",  # noqa: S308  (ours)
            "choices": NotifyBy.choices,
            "minutes": services.CODE_MINUTES,
        },
    )
