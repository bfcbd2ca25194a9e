"""The connections' figures for /metrics (registered in `ChannelsConfig.ready`).

- `profinfo_connections{status=…}`: connections by status, every status
  present (0 included), so an alert on `{status="failing"} > 0` or
  `{status="expired"} > 0` always has a series to read;
- `profinfo_connections_oldest_success_age_seconds`: seconds since the
  stalest connection last brought its figures in (left out while none has
  succeeded yet): the daily collection has stopped working for some page
  when it passes a day and a half.
"""

from __future__ import annotations

from django.db.models import Count, Min
from django.utils import timezone

from .models import Connection


def by_status() -> dict[str, float]:
    counts = dict.fromkeys(Connection.Status.values, 0.0)
    for row in Connection.objects.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = float(row["n"])
    return counts


def oldest_success_age() -> float | None:
    oldest = Connection.objects.aggregate(oldest=Min("last_success_at"))["oldest"]
    if oldest is None:
        return None
    return max((timezone.now() - oldest).total_seconds(), 0.0)
