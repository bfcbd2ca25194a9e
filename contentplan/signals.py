"""What the content plan tells the floors above it, without knowing them.

Saves and deletes of plans and posts are Django's own model signals. A write
that bypasses them (`QuerySet.update()` of many posts) sends `posts_updated`
with the plan's region and month once it has changed them, so whatever keeps
figures about posts (the dashboards) can recount them.
"""

from django.dispatch import Signal

# Sent with `region_id` and `month` (the first day of the plan's month).
posts_updated = Signal()
