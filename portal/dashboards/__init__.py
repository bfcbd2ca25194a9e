"""Dashboards for a region and for all regions, and the report the portal writes."""
