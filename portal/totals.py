"""The stored totals of each branch (organisations and members) and how they
are kept: recounted from the branch's organisations on every save or delete
of one (signals, below), and by the code that writes organisations in bulk
(`refresh()`: the import, the seed, the demo)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Branch, PrimaryOrganisation


def refresh(branch_ids: Iterable[int | None]) -> None:
    """Recount the branches' totals. The branches are locked first, so two
    changes at once in one branch cannot both write a count missing the other."""
    ids = sorted({pk for pk in branch_ids if pk})
    if not ids:
        return
    with transaction.atomic():
        list(Branch.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        counted = {
            row["branch"]: row
            for row in PrimaryOrganisation.objects.filter(branch__in=ids)
            .values("branch")
            .annotate(n=Count("pk"), members=Sum("members"))
            .order_by()
        }
        branches = list(Branch.objects.filter(pk__in=ids))
        for branch in branches:
            row = counted.get(branch.pk, {})
            branch.organisations_total = row.get("n", 0)
            branch.members_total = row.get("members") or 0
        Branch.objects.bulk_update(branches, ["organisations_total", "members_total"])


def refresh_region(region_id: int) -> None:
    refresh(Branch.objects.filter(region=region_id).values_list("pk", flat=True))


def _remember_branch(sender, instance, **kwargs) -> None:
    """Before a save: the branch the organisation leaves, if it moves."""
    if instance.pk:
        instance._branch_before = (
            PrimaryOrganisation.objects.filter(pk=instance.pk)
            .values_list("branch_id", flat=True)
            .first()
        )


def _organisation_changed(sender, instance, **kwargs) -> None:
    refresh([instance.branch_id, getattr(instance, "_branch_before", None)])


def connect() -> None:
    uid = "portal.totals"
    pre_save.connect(_remember_branch, sender=PrimaryOrganisation, dispatch_uid=f"{uid}.pre")
    post_save.connect(_organisation_changed, sender=PrimaryOrganisation, dispatch_uid=f"{uid}.save")
    post_delete.connect(
        _organisation_changed, sender=PrimaryOrganisation, dispatch_uid=f"{uid}.delete"
    )
