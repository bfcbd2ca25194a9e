"""Reach (issue 30): what the measured posts say, as figures for the pages.

`channels` measures every post of a connected page (`channels.models.NetworkPost`,
`PostMeasurement`, `PageDay`); this package reads those rows together with the
portal's own publications (`publishing.Publication`, found by the post's id on
the network) and the plan's rubrics, and gives data, never HTML: the
dashboards and the «Справка» show it. It stands above `publishing` and below
`dashboards` (`.importlinter`).
"""
