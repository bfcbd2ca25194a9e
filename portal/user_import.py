"""People from a table (XLSX or CSV): read, check every row, say what importing
would do. Nothing here writes; `services.users_import_apply` saves a checked
list, all of it or nothing, and each new person gets the letter with a link
to choose a password (through the outbox, after the commit). A file never
carries a password.

Columns (headers in any case; Russian, English or Kazakh):

| column | required | meaning |
| --- | --- | --- |
| E-mail | yes | the login, and where the letter goes |
| ФИО | no | «Фамилия Имя Отчество»: the first word is the surname |
| Роль | yes | press, leader, lawyer, chair, central (or their Russian names) |
| Область | press, leader, lawyer | the region's name or short name |
| Филиал | chair | the branch's name (with Область when two regions share it) |
| Должность | no | the job title; a lawyer's is «Главный правовой инспектор» by default |

`leader` is a press secretary who approves the content plan; `lawyer` is a
press secretary whose job title sends members' legal questions to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .infrastructure.tabular import Table
from .models import Branch, Region, User

# No more people at once: a longer list is a mistake (a wrong file, or a
# members' list, which the portal never stores).
MAX_USERS = 500
LAWYER_POSITION = "Главный правовой инспектор"

COLUMNS = {
    "email": ("e-mail", "email", "эл. почта", "электронная почта", "почта", "электрондық пошта"),
    "name": ("фио", "имя", "name", "full name", "аты-жөні"),
    "role": ("роль", "role", "рөлі", "рөл"),
    "region": ("область", "регион", "region", "облыс"),
    "branch": ("филиал", "branch", "филиал (город, район)"),
    "position": ("должность", "position", "job title", "лауазымы"),
}
REQUIRED = ("email", "role")
TEMPLATE_HEADER = ("E-mail", "ФИО", "Роль", "Область", "Филиал", "Должность")

# What a file may say in the role column → the role the portal knows.
ROLE_WORDS = {
    "press": "press",
    "пресс-секретарь": "press",
    "пресс секретарь": "press",
    "leader": "leader",
    "руководитель": "leader",
    "председатель области": "leader",
    "lawyer": "lawyer",
    "юрист": "lawyer",
    "правовой инспектор": "lawyer",
    "chair": "chair",
    "председатель филиала": "chair",
    "central": "central",
    "цк": "central",
    "центральный комитет": "central",
}
ROLE_NAMES = "press, leader, lawyer, chair, central"
EMPTY = {"", "-", "—", "–"}


@dataclass
class UserRow:
    line: int
    email: str
    name: str
    role: str  # press, leader, lawyer, chair, central; as written when unknown
    region: str
    branch: str
    position: str
    errors: list[str] = field(default_factory=list)

    def as_data(self) -> dict:
        return {
            "line": self.line,
            "email": self.email,
            "name": self.name,
            "role": self.role,
            "region": self.region,
            "branch": self.branch,
            "position": self.position,
        }

    @property
    def last_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else ""

    @property
    def first_name(self) -> str:
        parts = self.name.split(" ", 1)
        return parts[1] if len(parts) == 2 else ""

    @property
    def job_title(self) -> str:
        if not self.position and self.role == "lawyer":
            return LAWYER_POSITION
        return self.position


@dataclass
class UserPreview:
    rows: list[UserRow]
    errors: list[str]  # about the file as a whole
    token: str = ""  # set once the rows wait in the session for confirmation

    @property
    def valid(self) -> bool:
        return not self.errors and bool(self.rows) and all(not row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[UserRow]:
        return [row for row in self.rows if row.errors]


@dataclass(frozen=True)
class Scope:
    """Where a checked row's person works: what `services.user_create` takes."""

    role: str
    is_leader: bool
    region: Region | None
    branch: Branch | None


def _column_positions(header: list[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    for key, names in COLUMNS.items():
        for index, title in enumerate(header):
            if title.strip() in names:
                positions[key] = index
                break
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in positions]
    return positions, missing


def _clean(text: str) -> str:
    """One line of text: runs of whitespace (line breaks included) are one space."""
    text = " ".join(text.split())
    return "" if text in EMPTY else text


class Directory:
    """The regions and branches, read once, to find them by name."""

    def __init__(self):
        self.regions: dict[str, Region] = {}
        for region in Region.objects.all():
            self.regions[region.name.casefold()] = region
            self.regions[region.short_name.casefold()] = region
        self.branches: dict[str, list[Branch]] = {}
        for branch in Branch.objects.select_related("region"):
            self.branches.setdefault(branch.name.casefold(), []).append(branch)

    def scope(self, row: UserRow) -> Scope | None:
        """The row's scope, or None with the reasons added to `row.errors`."""
        region = self.regions.get(row.region.casefold()) if row.region else None
        if row.region and region is None:
            row.errors.append(_("There is no region «%(name)s».") % {"name": row.region})
            return None
        if row.role == "central":
            if row.region or row.branch:
                row.errors.append(
                    _("The central committee sees every region: leave region and branch empty.")
                )
                return None
            return Scope(role=User.Role.CENTRAL, is_leader=False, region=None, branch=None)
        if row.role == "chair":
            if not row.branch:
                row.errors.append(_("A branch chair needs a branch."))
                return None
            found = self.branches.get(row.branch.casefold(), [])
            if region is not None:
                found = [branch for branch in found if branch.region_id == region.pk]
            if not found:
                row.errors.append(
                    _("There is no branch «%(name)s» in %(region)s.")
                    % {"name": row.branch, "region": row.region}
                    if region
                    else _("There is no branch «%(name)s».") % {"name": row.branch}
                )
                return None
            if len(found) > 1:
                row.errors.append(
                    _("Several regions have a branch «%(name)s»: name the region.")
                    % {"name": row.branch}
                )
                return None
            return Scope(role=User.Role.CHAIR, is_leader=False, region=None, branch=found[0])
        # press, leader, lawyer: a press secretary of one region.
        if row.branch:
            row.errors.append(_("Only a branch chair has a branch; leave it empty."))
            return None
        if region is None:
            row.errors.append(_("A press secretary (and a leader, a lawyer) needs a region."))
            return None
        return Scope(
            role=User.Role.PRESS, is_leader=row.role == "leader", region=region, branch=None
        )


def _taken(rows: list[UserRow]) -> set[str]:
    """The rows' addresses that a user has already, as address or as login."""
    emails = [row.email.casefold() for row in rows if row.email]
    return set(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", flat=True)
    ) | set(
        User.objects.annotate(login=Lower("username"))
        .filter(login__in=emails)
        .values_list("login", flat=True)
    )


def _check_email(row: UserRow, *, seen: dict[str, int], taken: set[str]) -> None:
    """The row's address: given, an address, not too long, new to the table
    (`seen`: the line of each address so far) and to the portal."""
    if not row.email:
        row.errors.append(_("The e-mail address is not given."))
        return
    try:
        validate_email(row.email)
    except ValidationError:
        row.errors.append(_("«%(email)s» is not an e-mail address.") % {"email": row.email[:100]})
        return
    key = row.email.casefold()
    if len(row.email) > 150:
        row.errors.append(_("The e-mail address is longer than 150 characters."))
    elif key in seen:
        row.errors.append(_("The same address is already on line %(line)s.") % {"line": seen[key]})
    elif key in taken:
        row.errors.append(_("A user with the address %(email)s exists.") % {"email": row.email})
    seen.setdefault(key, row.line)


def _check_lengths(row: UserRow) -> None:
    """The name and the job title fit the user's columns."""
    if len(row.last_name) > 150 or len(row.first_name) > 150:
        row.errors.append(_("The name is longer than 150 characters."))
    if len(row.position) > 255:
        row.errors.append(_("The job title is longer than 255 characters."))


def _check_role(row: UserRow) -> bool:
    """Whether the row names a role the import knows (an error added if not)."""
    if row.role in set(ROLE_WORDS.values()):
        return True
    row.errors.append(
        _("Unknown role «%(role)s»; use: %(roles)s.") % {"role": row.role[:40], "roles": ROLE_NAMES}
        if row.role
        else _("The role is not given; use: %(roles)s.") % {"roles": ROLE_NAMES}
    )
    return False


def check(rows: list[UserRow]) -> dict[int, Scope]:
    """Check every row (adding its errors); the scope of each correct row, by line."""
    directory = Directory()
    taken = _taken(rows)
    seen: dict[str, int] = {}
    scopes: dict[int, Scope] = {}
    for row in rows:
        _check_email(row, seen=seen, taken=taken)
        _check_lengths(row)
        if not _check_role(row):
            continue
        scope = directory.scope(row)
        if scope is not None and not row.errors:
            scopes[row.line] = scope
    return scopes


def preview(table: Table) -> UserPreview:
    """Read the rows of an uploaded table and check them; nothing is saved."""
    positions, missing = _column_positions(table.header)
    if missing:
        return UserPreview(
            rows=[],
            errors=[_("The file has no column(s): %(columns)s.") % {"columns": ", ".join(missing)}],
        )
    if not table.rows:
        return UserPreview(rows=[], errors=[_("The file has a header but no rows.")])
    if len(table.rows) > MAX_USERS:
        return UserPreview(
            rows=[],
            errors=[
                _("The file has %(count)s rows; import at most %(max)s people at once.")
                % {"count": len(table.rows), "max": MAX_USERS}
            ],
        )

    def cell(cells: list[str], key: str) -> str:
        index = positions.get(key)
        return _clean(cells[index]) if index is not None and index < len(cells) else ""

    rows = []
    for line, cells in table.rows:
        role = cell(cells, "role")
        rows.append(
            UserRow(
                line=line,
                email=cell(cells, "email").replace(" ", ""),
                name=cell(cells, "name"),
                role=ROLE_WORDS.get(role.casefold(), role),
                region=cell(cells, "region"),
                branch=cell(cells, "branch"),
                position=cell(cells, "position"),
            )
        )
    check(rows)
    return UserPreview(rows=rows, errors=[])


def template_rows() -> list[tuple[str, ...]]:
    """Example rows for the downloadable template, from this installation's
    own first region and branch where there are any."""
    branch = Branch.objects.select_related("region").order_by("region__pk", "pk").first()
    region = branch.region.short_name if branch else "Восточно-Казахстанская область"
    branch_name = branch.name if branch else "г. Риддер"
    return [
        ("aigul.saparova@example.kz", "Сапарова Айгуль Ерлановна", "press", region, "", ""),
        ("erlan.omarov@example.kz", "Омаров Ерлан", "leader", region, "", "Председатель"),
        ("olga.kim@example.kz", "Ким Ольга", "lawyer", region, "", ""),
        ("petr.ivanov@example.kz", "Иванов Пётр", "chair", "", branch_name, ""),
        ("dana.nurlanova@example.kz", "Нурланова Дана", "central", "", "", ""),
    ]
