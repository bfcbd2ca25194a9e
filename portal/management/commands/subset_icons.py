"""`manage.py subset_icons`: the former name of `subset_static`, which writes the icons too."""

from portal.management.commands.subset_static import Command  # noqa: F401
