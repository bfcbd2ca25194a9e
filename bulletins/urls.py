from django.urls import path, register_converter

from . import views


class ImageFormat:
    """The two formats a QR code is drawn in: qr.svg and qr.png."""

    regex = "svg|png"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ImageFormat, "qrformat")

app_name = "bulletins"

urlpatterns = [
    path("", views.library, name="library"),
    path("statistics/", views.statistics, name="statistics"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/file/", views.bulletin_file, name="bulletin_file"),
    path("bulletins/<int:pk>/cover/", views.bulletin_cover, name="bulletin_cover"),
    path("bulletins/<int:pk>/qr.<qrformat:fmt>", views.bulletin_qr, name="bulletin_qr"),
    path("bulletins/<int:pk>/poster.pdf", views.bulletin_poster, name="bulletin_poster"),
    path("collections/<int:pk>/", views.collection_detail, name="collection_detail"),
    path("collections/<int:pk>/qr.<qrformat:fmt>", views.collection_qr, name="collection_qr"),
    path("collections/<int:pk>/poster.pdf", views.collection_poster, name="collection_poster"),
    path("items/<int:pk>/file/", views.item_file, name="item_file"),
    # Where the QR codes lead: short, to be typed from a poster, and counted.
    path("q/b<int:pk>/", views.bulletin_scan, name="bulletin_scan"),
    path("q/c<int:pk>/", views.collection_scan, name="collection_scan"),
    path("manage/", views.manage, name="manage"),
    path("manage/bulletins/new/", views.bulletin_create, name="bulletin_create"),
    path("manage/bulletins/<int:pk>/", views.bulletin_edit, name="bulletin_edit"),
    path("manage/bulletins/<int:pk>/delete/", views.bulletin_delete, name="bulletin_delete"),
    path("manage/collections/new/", views.collection_create, name="collection_create"),
    path("manage/collections/<int:pk>/", views.collection_edit, name="collection_edit"),
    path(
        "manage/collections/<int:pk>/delete/",
        views.collection_delete,
        name="collection_delete",
    ),
    path(
        "manage/collections/<int:pk>/sections/new/",
        views.section_create,
        name="section_create",
    ),
    path("manage/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("manage/sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("manage/sections/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("manage/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("manage/items/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
