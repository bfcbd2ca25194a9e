"""`manage.py subset_static`: rebuild the subsets of the vendored stylesheet and icons."""

from django.core.management.base import BaseCommand

from portal.infrastructure import icons, stylesheets


class Command(BaseCommand):
    help = (
        "Scan templates, JavaScript and Python for the classes and icons used; write the "
        "subsets of Bootstrap's stylesheet and of the icon font the pages load."
    )

    def handle(self, *args, **options):
        size = stylesheets.write_subset()
        full = stylesheets.FULL_CSS.stat().st_size
        self.stdout.write(f"Bootstrap: {size} bytes of CSS (the full file: {full}).")
        found = icons.write_subset()
        self.stdout.write(
            f"{len(found)} icons: {icons.SUBSET_FONT.stat().st_size} bytes of font "
            f"(the full set: {icons.FULL_FONT.stat().st_size}), "
            f"{icons.SUBSET_CSS.stat().st_size} bytes of CSS "
            f"(the full set: {icons.FULL_CSS.stat().st_size})."
        )
