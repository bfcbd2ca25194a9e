"""Pages of the content plan: the month's calendar and list, the plan with its
approval and history, posts (opened, edited and moved inside the calendar
through htmx, or as pages of their own without JavaScript), the exports.

Views read input, ask selectors and services, and render; who may do what is
decided in `portal.permissions` and the tables of `workflow`.

A module per concern (as Zulip's `zerver/actions`); `urls` names each view
by its module.
"""
