"""`manage.py subset_icons`: rebuild the subset of Bootstrap Icons the pages load."""

from django.core.management.base import BaseCommand

from portal import icons


class Command(BaseCommand):
    help = "Scan templates, JavaScript and Python for the icons used; write the icon font subset."

    def handle(self, *args, **options):
        found = icons.write_subset()
        self.stdout.write(
            f"{len(found)} icons: {icons.SUBSET_FONT.stat().st_size} bytes of font "
            f"(the full set: {icons.FULL_FONT.stat().st_size}), "
            f"{icons.SUBSET_CSS.stat().st_size} bytes of CSS "
            f"(the full set: {icons.FULL_CSS.stat().st_size})."
        )
