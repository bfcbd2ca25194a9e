"""The one way to filter a list page.

A list page's filters are a form over the query string (so links and
bookmarks keep them) whose `filters()` hands the list's selector one frozen
dataclass: the selector declares the dataclass, the form its fields and their
choices, both with the same names. An unbound form, or one with any invalid
value, gives the dataclass's defaults: a hostile or stale query string shows
the whole list, never an error page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

EMPTY_VALUES = ("", None)


class ListFilterForm(forms.Form):
    """Subclasses set `filters_class` to the frozen dataclass their list's selector takes."""

    filters_class: ClassVar[type]

    def filters(self) -> Any:
        if not self.is_bound or not self.is_valid():
            return self.filters_class()
        return self.filters_class(
            **{
                name: value
                for name, value in self.cleaned_data.items()
                if value not in EMPTY_VALUES
            }
        )
