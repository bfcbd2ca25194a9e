"""Make a user with a role from the command line; they choose their own password.

    manage.py create_user --role press --region "ВКО" --email press@example.kz [--leader]
    manage.py create_user --role chair --branch "г. Риддер" --email chair@example.kz
    manage.py create_user --role central --email cc@example.kz

No password is taken (it would stay in the shell's history): the user gets a
letter, through the outbox, with a link to choose one.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from portal import services
from portal.exceptions import Refused
from portal.models import Branch, Region, User


def find_region(text: str) -> Region:
    text = text.strip()
    found = Region.objects.filter(
        Q(pk=int(text))
        if text.isascii() and text.isdigit() and len(text) <= 18
        else Q(name__iexact=text) | Q(short_name__iexact=text)
    )
    if len(found) != 1:
        names = ", ".join(f"{r.pk}: {r.short_name}" for r in Region.objects.all()[:50])
        raise CommandError(f"No single region «{text}». Regions: {names}")
    return found[0]


def find_branch(text: str, region: Region | None) -> Branch:
    text = text.strip()
    found = Branch.objects.filter(
        Q(pk=int(text))
        if text.isascii() and text.isdigit() and len(text) <= 18
        else Q(name__iexact=text)
    )
    if region is not None:
        found = found.filter(region=region)
    found = list(found.select_related("region")[:2])
    if len(found) != 1:
        more = " (name the region with --region)" if len(found) > 1 else ""
        raise CommandError(f"No single branch «{text}»{more}.")
    return found[0]


class Command(BaseCommand):
    help = (
        "Create a user with a role (press, chair, central) and send them a link "
        "to choose their password (through the outbox)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--email", required=True)
        parser.add_argument("--region", help="For press: the region's id, name or short name.")
        parser.add_argument("--branch", help="For chair: the branch's id or name.")
        parser.add_argument(
            "--leader", action="store_true", help="Press only: approves the content plan."
        )
        parser.add_argument("--username", default="", help="The login; the e-mail by default.")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--position", default="", help="The job title.")

    def handle(self, *args, **options):
        role = options["role"]
        region = find_region(options["region"]) if options["region"] else None
        branch = None
        if role == User.Role.CHAIR:
            if not options["branch"]:
                raise CommandError("A branch chair needs --branch.")
            branch = find_branch(options["branch"], region)
            region = None  # a chair's region follows from the branch
        elif options["branch"]:
            raise CommandError("Only a branch chair has a branch.")
        if role == User.Role.PRESS and region is None:
            raise CommandError("A press secretary needs --region.")
        if role == User.Role.CENTRAL and region is not None:
            raise CommandError("The central committee sees every region: no --region.")
        try:
            user = services.user_create(
                role=role,
                email=options["email"],
                username=options["username"],
                region=region,
                branch=branch,
                is_leader=options["leader"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                position=options["position"],
            )
        except Refused as refusal:
            raise CommandError(refusal.message) from refusal
        self.stdout.write(
            f"Пользователь {user.username} создан; ссылка для выбора пароля отправлена на "
            f"{user.email} (через очередь писем)."
        )
