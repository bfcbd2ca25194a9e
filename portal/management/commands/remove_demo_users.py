from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal import services


class Command(BaseCommand):
    help = "Delete the demo users made by load_demo_users (in any mode)."

    def handle(self, *args, **options):
        names = services.demo_users_remove()
        if names:
            self.stdout.write(_("Demo users removed: %(names)s.") % {"names": ", ".join(names)})
        else:
            self.stdout.write(_("There are no demo users."))
