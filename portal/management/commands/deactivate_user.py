from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from portal import services
from portal.models import User


class Command(BaseCommand):
    help = (
        "Stop a user from logging in (by login or e-mail); an open session ends at its "
        "next request. Nothing they made is deleted; the admin can make them active again."
    )

    def add_arguments(self, parser):
        parser.add_argument("who", help="The login or the e-mail address.")

    def handle(self, *args, who: str, **options):
        found = list(User.objects.filter(Q(username__iexact=who) | Q(email__iexact=who))[:2])
        if len(found) != 1:
            raise CommandError(f"No single user «{who}».")
        if services.user_deactivate(user=found[0]):
            self.stdout.write(f"Пользователь {found[0].username} отключён.")
        else:
            self.stdout.write(f"Пользователь {found[0].username} уже был отключён.")
