"""The East Kazakhstan organisation from the report, and the demo users.

The report gives the region's totals (545 primary organisations, 13 branches,
31 208 members) and names ten branches. Everything it does not give — three
more branches and the names and sizes of the organisations — is generated
deterministically and flagged ``is_demo``; the totals stay exact.

Loading is idempotent and adds only what is missing: what people changed in
the portal is never overwritten.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from . import totals
from .models import Branch, PrimaryOrganisation, Region, User

REGION_NAME = (
    "ОО «Локальный профсоюз работников образования и науки Восточно-Казахстанской области»"
)
REGION_SHORT_NAME = "Восточно-Казахстанская область"
REGION_ORGANISATIONS = 545
REGION_MEMBERS = 31_208
# Who does the information work, as the report names them; no dedicated staff.
REGION_INFO_OFFICER = (
    "главный специалист по организационной работе Анар Зайсанбаева, "
    "параллельно заместитель председателя на общественных началах"
)

City, District = Branch.Kind.CITY, Branch.Kind.DISTRICT
# (name, kind, number of primary organisations, named in the report)
BRANCHES = [
    ("г. Усть-Каменогорск", City, 150, True),
    ("г. Риддер", City, 40, True),
    ("Глубоковский район", District, 45, True),
    ("Район Алтай", District, 45, True),
    ("Шемонаихинский район", District, 40, True),
    ("Уланский район", District, 35, True),
    ("Тарбагатайский район", District, 35, True),
    ("Зайсанский район", District, 30, False),
    ("Курчумский район", District, 30, True),
    ("Катон-Карагайский район", District, 30, True),
    ("Самарский район", District, 25, True),
    ("Маркакольский район", District, 20, False),
    ("Район Улкен Нарын", District, 20, False),
]

Kind = PrimaryOrganisation.Kind
# Rough size of an organisation of each kind, before scaling to the total.
KIND_SIZES = {
    Kind.SCHOOL: (25, 110),
    Kind.KINDERGARTEN: (10, 35),
    Kind.COLLEGE: (50, 140),
    Kind.UNIVERSITY: (250, 600),
    Kind.OTHER: (4, 20),
}
KIND_NAMES = {
    Kind.SCHOOL: "Школа № {n}",
    Kind.KINDERGARTEN: "Детский сад № {n}",
    Kind.COLLEGE: "Колледж № {n}",
    Kind.UNIVERSITY: "Университет № {n}",
    Kind.OTHER: "Организация образования № {n}",
}
DEMO_MARK = " (демо)"


@dataclass(frozen=True)
class SeedOrganisation:
    branch: str
    name: str
    kind: str
    members: int


def _kinds_for(count: int, *, city: bool, rng: random.Random) -> list[str]:
    universities = 3 if count >= 100 else 0
    colleges = max(1, count // 20) if city else (1 if count >= 35 else 0)
    others = max(1, count // 25)
    kindergartens = count // 4
    schools = count - universities - colleges - others - kindergartens
    kinds = (
        [Kind.SCHOOL] * schools
        + [Kind.KINDERGARTEN] * kindergartens
        + [Kind.COLLEGE] * colleges
        + [Kind.UNIVERSITY] * universities
        + [Kind.OTHER] * others
    )
    rng.shuffle(kinds)
    return kinds


def _scale_to_total(raw: list[int], total: int) -> list[int]:
    """Scale sizes so they add up to exactly `total` (largest remainders)."""
    whole = sum(raw)
    exact = [size * total / whole for size in raw]
    scaled = [max(1, int(value)) for value in exact]
    by_remainder = sorted(range(len(raw)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    difference = total - sum(scaled)
    step = 1 if difference > 0 else -1
    index = 0
    while difference:
        i = by_remainder[index % len(raw)]
        if scaled[i] + step >= 1:
            scaled[i] += step
            difference -= step
        index += 1
    return scaled


def generated_organisations() -> list[SeedOrganisation]:
    """The demo organisations, the same on every call."""
    rng = random.Random(31208)
    plan: list[tuple[str, str]] = []
    for name, kind, count, _named in BRANCHES:
        plan += [(name, org_kind) for org_kind in _kinds_for(count, city=kind == City, rng=rng)]
    raw = [rng.randint(*KIND_SIZES[org_kind]) for _branch, org_kind in plan]
    members = _scale_to_total(raw, REGION_MEMBERS)
    numbers: dict[tuple[str, str], int] = {}
    organisations = []
    for (branch, org_kind), size in zip(plan, members, strict=True):
        n = numbers[(branch, org_kind)] = numbers.get((branch, org_kind), 0) + 1
        name = KIND_NAMES[org_kind].format(n=n) + DEMO_MARK
        organisations.append(SeedOrganisation(branch, name, org_kind, size))
    return organisations


@transaction.atomic
def load_region() -> Region:
    """Create the East Kazakhstan region with whatever of it is missing."""
    region, _created = Region.objects.get_or_create(
        name=REGION_NAME,
        defaults={
            "short_name": REGION_SHORT_NAME,
            "info_officer": REGION_INFO_OFFICER,
            "has_press_staff": False,
        },
    )
    if not region.info_officer:  # a region loaded before the field existed
        region.info_officer = REGION_INFO_OFFICER
        region.save(update_fields=["info_officer"])
    branches = {}
    for name, kind, _count, named in BRANCHES:
        branches[name], _created = Branch.objects.get_or_create(
            region=region, name=name, defaults={"kind": kind, "is_demo": not named}
        )
    existing = set(
        PrimaryOrganisation.objects.filter(branch__region=region).values_list(
            "branch__name", "name"
        )
    )
    PrimaryOrganisation.objects.bulk_create(
        PrimaryOrganisation(
            branch=branches[org.branch],
            name=org.name,
            kind=org.kind,
            members=org.members,
            is_demo=True,
        )
        for org in generated_organisations()
        if (org.branch, org.name) not in existing
    )
    totals.refresh_region(region.pk)
    return region


class DemoUsersRefused(Exception):
    pass


# (username, role, where, first name, last name). `leader` is the region's
# chair, who approves the content plan the press secretary writes.
DEMO_USERS = [
    ("press", User.Role.PRESS, None, "Пресс-секретарь", "ВКО"),
    ("leader", User.Role.PRESS, None, "Председатель", "областной организации"),
    ("chair", User.Role.CHAIR, "г. Усть-Каменогорск", "Председатель", "Усть-Каменогорск"),
    ("chair2", User.Role.CHAIR, "г. Риддер", "Председатель", "Риддер"),
    ("central", User.Role.CENTRAL, None, "Пресс-служба", "ЦК"),
]
# Every login name load_demo_users may create (with the admin, and the lawyer
# of questions.seed). They are public, in the README: the login form may say
# that these names cannot log in on a production server.
DEMO_USERNAMES = frozenset({*(row[0] for row in DEMO_USERS), "admin", "lawyer"})


@transaction.atomic
def load_demo_users(*, region: Region) -> list[User]:
    """The demo users of the embedded default; existing ones are left as they are."""
    if not settings.DEBUG:
        raise DemoUsersRefused
    users = []
    for username, role, branch_name, first_name, last_name in DEMO_USERS:
        scope = {}
        if role == User.Role.PRESS:
            scope["region"] = region
            scope["is_leader"] = username == "leader"
        elif role == User.Role.CHAIR:
            scope["branch"] = Branch.objects.get(region=region, name=branch_name)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@profinfo.local",
                "is_demo": True,
                **scope,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users.append(user)
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@profinfo.local",
            "is_demo": True,
        },
    )
    if created:
        admin.set_password(settings.DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    return [*users, admin]
