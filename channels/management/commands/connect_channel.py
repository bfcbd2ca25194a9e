import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from branches.models import SocialPage
from channels import services
from channels.models import WITH_TOKEN


class Command(BaseCommand):
    help = (
        "Connect a page to its network. The token is read from standard input "
        "(never from the command line, where ps shows it): "
        "`python manage.py connect_channel 3 < token.txt`."
    )

    def add_arguments(self, parser):
        parser.add_argument("page", type=int, help="the page's id")
        parser.add_argument(
            "--account",
            default="",
            help="the page id, Instagram user name, @channel or feed address; "
            "by default what the page's address says",
        )

    def handle(self, *args, page, account, **options):
        translation.activate("ru")
        social_page = SocialPage.objects.select_related("region", "branch").filter(pk=page).first()
        if social_page is None:
            raise CommandError(f"Страницы с номером {page} нет.")
        token = ""
        if social_page.platform in WITH_TOKEN:
            if sys.stdin.isatty():
                self.stderr.write("Вставьте токен и нажмите Enter (он не отображается в ps):")
            token = sys.stdin.readline().strip()
        try:
            connection = services.connection_save(
                page=social_page, user=None, token=token, account=account
            )
        except services.ConnectRefused as refusal:
            raise CommandError(str(refusal)) from None
        if not services.connection_check(connection=connection):
            raise CommandError(f"Проверка не прошла: {connection.last_error}")
        name = connection.external_name or connection.account
        self.stdout.write(f"Подключено: {social_page} → {name}.")
        if services.connection_collect(connection=connection):
            self.stdout.write("Первый замер сохранён.")
        else:
            self.stdout.write(f"Первый замер не удался: {connection.last_error}")
