import importlib
import importlib.util

from django.core.management.base import BaseCommand

from portal.models import Branch, PrimaryOrganisation
from portal.seed import load_region

# Apps that add their part of the report after the region exists, in order.
SEED_APPS = ("branches", "contentplan", "bulletins", "questions", "brand")


class Command(BaseCommand):
    help = "Load the East Kazakhstan organisation from the report (idempotent)."

    def handle(self, *args, **options):
        region = load_region()
        for app in SEED_APPS:
            if importlib.util.find_spec(f"{app}.seed"):
                importlib.import_module(f"{app}.seed").load(region=region)
        branches = Branch.objects.filter(region=region).count()
        organisations = PrimaryOrganisation.objects.filter(branch__region=region)
        members = sum(organisations.values_list("members", flat=True))
        self.stdout.write(
            f"{region.short_name}: {branches} филиалов, "
            f"{organisations.count()} первичных организаций, {members} членов профсоюза."
        )
