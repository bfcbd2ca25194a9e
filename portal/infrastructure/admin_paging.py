"""Change lists of the admin over tables holding every region's rows.

Django's admin counts a change list twice on every page: the filtered rows
(`COUNT(*)` for the paginator) and all of them (`show_full_result_count`).
Over every region's materials, questions or organisations both read the whole
table, so an unfiltered page grows with the other regions' data. Here the
unfiltered count on PostgreSQL is the planner's estimate of the table's rows
(`pg_class.reltuples`, kept by autovacuum's ANALYZE), and the second count is
left out (the admin then offers «Show all» instead of the total beside a
filter). A filtered or searched list, a small table, a table never analysed
and SQLite are counted exactly.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Below this estimate the table is counted: exact, and cheap enough.
ESTIMATE_FROM = 10_000


class EstimatedCountPaginator(Paginator):
    estimate_from = ESTIMATE_FROM

    @cached_property
    def count(self) -> int:
        estimate = self._estimate()
        if estimate is not None:
            return estimate
        return super().count

    def _estimate(self) -> int | None:
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct or query.combinator:
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        if row is None or row[0] is None or row[0] < self.estimate_from:
            return None
        return int(row[0])


class EveryRegionAdmin:
    """Mixin of a ModelAdmin whose change list spans every region's rows."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
