from django.urls import path

from . import reach_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("central/", views.central, name="central"),
    path("central/export/<slug:table>.xlsx", views.central_export, name="central_export"),
    path("central/reach/", reach_views.central_reach, name="central_reach"),
    path(
        "central/reach/export/<slug:table>.xlsx",
        reach_views.central_reach_export,
        name="central_reach_export",
    ),
    path("region/<int:pk>/", views.region, name="region"),
    path("region/<int:pk>/reach/", reach_views.region_reach, name="region_reach"),
    path(
        "region/<int:pk>/reach/export/<slug:table>.xlsx",
        reach_views.region_reach_export,
        name="region_reach_export",
    ),
    path("region/<int:pk>/export/<slug:table>.xlsx", views.region_export, name="region_export"),
    path("region/<int:pk>/report/", views.report_start, name="report_start"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/print/", views.report_print, name="report_print"),
    path("reports/<int:pk>/download.docx", views.report_download, name="report_download"),
]
