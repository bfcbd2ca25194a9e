from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.models import Region
from portal.seed import REGION_NAME, DemoUsersRefused, load_demo_users
from questions.seed import load_demo_lawyer

REFUSAL = (
    "Демо-пользователи создаются только во встроенном режиме разработки "
    "(DEBUG включён). В рабочей установке создайте пользователей "
    "в админке или командой createsuperuser."
)


class Command(BaseCommand):
    help = "Create the demo users of the embedded default (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        region = Region.objects.filter(name=REGION_NAME).first()
        if region is None:
            raise CommandError("Сначала загрузите данные справки: python manage.py load_seed")
        try:
            users = load_demo_users(region=region)
            # The legal inspector of the region, who answers members' legal questions.
            users.insert(-1, load_demo_lawyer(region=region))
        except DemoUsersRefused:
            raise CommandError(REFUSAL) from None
        self.stdout.write(f"Демо-пользователи (пароль для всех: {settings.DEMO_PASSWORD}):")
        for user in users:
            where = user.branch or user.region or ""
            role = user.get_role_display() if user.role else "суперпользователь"
            self.stdout.write(f"  {user.username:<8} {role} {where}".rstrip())
