import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from branches.models import SocialPage
from channels import crypto, services
from channels.models import WITH_TOKEN, Connection
from channels.sandbox import fakes
from channels.sandbox.server import addresses, serve
from portal.models import Region
from portal.seed import REGION_SHORT_NAME

P = SocialPage.Platform


class Command(BaseCommand):
    help = (
        "Start a local server on 127.0.0.1 that answers like the Graph API, the Bot API "
        "and a site's RSS feed, with the report's pages; --connect connects the seeded "
        "pages of East Kazakhstan to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--connect",
            action="store_true",
            help="connect the seeded regional pages (and a demo Telegram channel and site) "
            "to the sandbox and measure them once",
        )
        parser.add_argument(
            "--once", action="store_true", help="stop after --connect (for scripts and tests)"
        )

    def handle(self, *args, port, connect, once, **options):
        try:
            server = serve("127.0.0.1", port)
        except OSError as error:
            raise CommandError(f"Порт {port} занят или недоступен: {error}") from None
        urls = addresses(server)
        self.stdout.write(f"Песочница сетей: http://127.0.0.1:{server.server_address[1]}/")
        self.stdout.write(
            "Портал и воркер ходят сюда, если им заданы адреса (make run задаёт их сам):\n"
            f"  GRAPH_API_URL={urls['GRAPH_API_URL']} "
            f"TELEGRAM_API_URL={urls['TELEGRAM_API_URL']} "
            f"TELEGRAM_PREVIEW_URL={urls['TELEGRAM_PREVIEW_URL']}"
        )
        if connect and not settings.DEBUG:
            server.shutdown()
            raise CommandError(
                "--connect подключает страницы к песочнице только в режиме разработки (DEBUG=1): "
                "в рабочем портале это заменило бы настоящие токены."
            )
        try:
            if connect:
                settings.GRAPH_API_URL = urls["GRAPH_API_URL"]
                settings.TELEGRAM_API_URL = urls["TELEGRAM_API_URL"]
                settings.TELEGRAM_PREVIEW_URL = urls["TELEGRAM_PREVIEW_URL"]
                self._connect(urls["feed"])
            while not once:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()

    def _connect(self, feed_url: str) -> None:
        region = Region.objects.filter(short_name=REGION_SHORT_NAME).first()
        if region is None:
            raise CommandError("Нет данных справки: сначала `python manage.py load_seed`.")
        with transaction.atomic():
            extra = [
                (P.TELEGRAM, "https://t.me/vko_profsoyuz"),
                (P.WEBSITE, "https://sandbox.local/"),
            ]
            for platform, url in extra:
                SocialPage.objects.get_or_create(
                    region=region,
                    branch=None,
                    platform=platform,
                    defaults={"url": url, "note": "Демо-страница песочницы сетей."},
                )
        plan = [
            (P.FACEBOOK_PAGE, None, "vko.profsoyuz"),
            (P.INSTAGRAM, None, "17841400000000714"),
            (P.TELEGRAM, None, "@vko_profsoyuz"),
            (P.WEBSITE, None, feed_url),
            (P.FACEBOOK_PAGE, "Катон-Карагайский район", ""),
            (P.INSTAGRAM, "Район Алтай", "17841400000000155"),
            (P.INSTAGRAM, "Глубоковский район", "17841400000000433"),
        ]
        for platform, branch_name, account in plan:
            pages = SocialPage.objects.filter(region=region, platform=platform)
            if branch_name is None:
                page = pages.filter(branch=None).first()
            else:
                page = pages.filter(branch__name=branch_name).first()
            if page is None:
                self.stdout.write(f"  нет страницы: {branch_name or 'область'} · {platform}")
                continue
            if not self._ours(page):
                self.stdout.write(f"  {page}: подключена к настоящей сети, не трогаю")
                continue
            token = fakes.TOKEN if platform in WITH_TOKEN else ""
            connection = services.connection_save(
                page=page, user=None, token=token, account=account
            )
            if services.connection_collect(connection=connection):
                snapshot = page.snapshots.order_by("-measured_on").first()
                followers = "—" if snapshot.followers is None else snapshot.followers
                self.stdout.write(
                    f"  {page}: подписчиков {followers}, постов за 30 дней {snapshot.posts_30d}"
                )
            else:
                self.stdout.write(f"  {page}: {connection.last_error}")

    def _ours(self, page: SocialPage) -> bool:
        """No connection yet, or one to the sandbox: a real one is never replaced."""
        connection = Connection.objects.filter(page=page).first()
        if connection is None:
            return True
        if page.platform not in WITH_TOKEN:
            return connection.account.startswith("http://127.0.0.1:")
        try:
            return crypto.decrypt(connection.secret).reveal().startswith("sandbox")
        except (crypto.SecretUnreadable, crypto.KeyMissing):
            return False
