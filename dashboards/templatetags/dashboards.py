"""`{% table_rows table %}`: a dashboard table's rows, drawn by `dashboards.cells`."""

from django import template

from dashboards import cells

register = template.Library()


@register.simple_tag
def table_rows(table) -> str:
    return cells.rows_html(table)
