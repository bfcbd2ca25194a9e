"""`load_seed` and `load_demo_users`: the report's region, exact and idempotent."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from portal.models import Branch, PrimaryOrganisation, Region, User
from portal.seed import REGION_NAME, generated_organisations


def _region_totals(region):
    organisations = PrimaryOrganisation.objects.filter(branch__region=region)
    return (
        region.branches.count(),
        organisations.count(),
        organisations.aggregate(total=Sum("members"))["total"],
    )


@pytest.mark.django_db
def test_the_region_holds_the_reports_totals():
    call_command("load_seed", verbosity=0)
    region = Region.objects.get(name=REGION_NAME)
    assert _region_totals(region) == (13, 545, 31_208)
    named = set(region.branches.filter(is_demo=False).values_list("name", flat=True))
    assert named == {
        "г. Усть-Каменогорск",
        "г. Риддер",
        "Глубоковский район",
        "Район Алтай",
        "Шемонаихинский район",
        "Уланский район",
        "Тарбагатайский район",
        "Курчумский район",
        "Катон-Карагайский район",
        "Самарский район",
    }
    assert region.branches.filter(is_demo=True).count() == 3
    # The report names no organisation: every one is marked demo, by flag and name.
    organisations = PrimaryOrganisation.objects.filter(branch__region=region)
    assert not organisations.filter(is_demo=False).exists()
    assert not organisations.exclude(name__endswith="(демо)").exists()
    assert not organisations.filter(members=0).exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_keeps_peoples_edits():
    call_command("load_seed", verbosity=0)
    region = Region.objects.get(name=REGION_NAME)
    edited = PrimaryOrganisation.objects.filter(branch__region=region).first()
    edited.members = 999
    edited.save()
    call_command("load_seed", verbosity=0)
    assert Region.objects.count() == 1
    assert region.branches.count() == 13
    assert PrimaryOrganisation.objects.filter(branch__region=region).count() == 545
    edited.refresh_from_db()
    assert edited.members == 999


def test_generated_organisations_are_the_same_every_time():
    assert generated_organisations() == generated_organisations()
    branches = {org.branch for org in generated_organisations()}
    assert len(branches) == 13


@pytest.mark.django_db
def test_demo_users_need_the_embedded_default(settings):
    call_command("load_seed", verbosity=0)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="только во встроенном режиме"):
        call_command("load_demo_users", verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_demo_users_have_their_roles_and_keep_a_changed_password(settings):
    settings.DEBUG = True
    call_command("load_seed", verbosity=0)
    call_command("load_demo_users", verbosity=0)
    users = {user.username: user for user in User.objects.select_related("region", "branch")}
    assert set(users) == {"press", "leader", "lawyer", "chair", "chair2", "central", "admin"}
    assert users["press"].role == User.Role.PRESS
    assert users["press"].region.name == REGION_NAME
    assert not users["press"].is_leader
    assert users["leader"].is_leader and users["leader"].region == users["press"].region
    assert users["chair"].branch == Branch.objects.get(name="г. Усть-Каменогорск")
    assert users["chair2"].branch == Branch.objects.get(name="г. Риддер")
    assert users["central"].role == User.Role.CENTRAL
    assert users["admin"].is_superuser and users["admin"].is_staff
    for user in users.values():
        assert user.check_password("profinfo-demo")

    users["press"].set_password("a-new-password-2025")
    users["press"].save()
    call_command("load_demo_users", verbosity=0)
    assert User.objects.count() == 7
    users["press"].refresh_from_db()
    assert users["press"].check_password("a-new-password-2025")
