from django.core.management.base import BaseCommand

from portal import services


class Command(BaseCommand):
    help = (
        "Delete expired sessions, old login-failure records, and password-reset "
        "requests and wrong passwords per address past their hour (the nightly task)."
    )

    def handle(self, *args, **options):
        deleted = services.housekeeping_run()
        self.stdout.write(
            "Удалено: сессий {sessions}, попыток входа {attempts}, "
            "записей о неудачных входах {failures}, "
            "запросов сброса пароля {password_resets}, "
            "неверных паролей по адресам {address_failures}.".format(**deleted)
        )
