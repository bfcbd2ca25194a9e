from django.urls import path

from . import views

app_name = "branches"

urlpatterns = [
    path("", views.page_list, name="page_list"),
    path("new/", views.page_create, name="page_create"),
    path("audit/", views.audit_table, name="audit_table"),
    path("audit/export.xlsx", views.audit_export, name="audit_export"),
    path("import/", views.snapshot_import, name="snapshot_import"),
    path("import/confirm/", views.snapshot_import_confirm, name="snapshot_import_confirm"),
    path("media/", views.media, name="media"),
    path("<int:pk>/", views.page_detail, name="page_detail"),
    path("<int:pk>/edit/", views.page_edit, name="page_edit"),
    path("<int:pk>/snapshots/", views.snapshot_create, name="snapshot_create"),
    path("<int:pk>/lifecycle/", views.page_lifecycle, name="page_lifecycle"),
]
