"""Members' surveys, mounted at /surveys/: the press service's pages and, under
s/<code>/, the public page a QR code leads to."""

from django.urls import path, register_converter

from . import views


class ImageFormat:
    regex = "svg|png"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ImageFormat, "surveyqr")

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/questions/", views.question_add, name="question_add"),
    path(
        "<int:pk>/questions/<int:question>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/close/", views.survey_close, name="close"),
    path("<int:pk>/qr.<surveyqr:fmt>", views.survey_qr, name="qr"),
    path("<int:pk>/poster.pdf", views.survey_poster, name="poster"),
    path("<int:pk>/results/", views.survey_results, name="results"),
    path("<int:pk>/results.xlsx", views.survey_export, name="export"),
    path("<int:pk>/post/", views.survey_make_post, name="make_post"),
    path("s/<str:code>/", views.public, name="public"),
]
