"""`{% dashboard_table table export_url %}`: a dashboard's table with its
export; `{% table_rows table %}`: its rows alone. Both drawn by `dashboards.cells`."""

from django import template

from dashboards import cells

register = template.Library()


@register.simple_tag
def table_rows(table) -> str:
    return cells.rows_html(table)


@register.simple_tag
def dashboard_table(table, export_url: str = "") -> str:
    """`export_url` is the table's export, or a page's export address with
    `cells.TABLE_KEY` where each table's key goes (reversed once a page)."""
    return cells.table_html(table, export_url.replace(cells.TABLE_KEY, table.key))
