"""`load_seed`: the East Kazakhstan organisation from the report, and every
app's part of it. It lives on the roof because it fills every floor."""

from django.core.management.base import BaseCommand

from branches import seed as branches_seed
from brand import seed as brand_seed
from bulletins import seed as bulletins_seed
from contentplan import seed as contentplan_seed
from portal.models import Branch, PrimaryOrganisation
from portal.seed import load_region
from questions import seed as questions_seed
from surveys import seed as surveys_seed

# Apps that add their part of the report after the region exists, in order.
SEEDS = (
    branches_seed,
    contentplan_seed,
    bulletins_seed,
    questions_seed,
    brand_seed,
    surveys_seed,
)


class Command(BaseCommand):
    help = "Load the East Kazakhstan organisation from the report (idempotent)."

    def handle(self, *args, **options):
        region = load_region()
        for seed in SEEDS:
            seed.load(region=region)
        branches = Branch.objects.filter(region=region).count()
        organisations = PrimaryOrganisation.objects.filter(branch__region=region)
        members = sum(organisations.values_list("members", flat=True))
        self.stdout.write(
            f"{region.short_name}: {branches} филиалов, "
            f"{organisations.count()} первичных организаций, {members} членов профсоюза."
        )
