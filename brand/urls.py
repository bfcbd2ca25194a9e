from django.urls import path

from . import views

app_name = "brand"

urlpatterns = [
    path("kit/", views.kit, name="kit"),
    path("kit/regions/<int:pk>/", views.kit_region, name="kit_region"),
    path("kit/<int:pk>/logo.png", views.kit_logo, name="kit_logo"),
    path("posts/<int:pk>/cards/", views.post_cards, name="post_cards"),
    path("posts/<int:pk>/cards/<slug:size>.png", views.post_card, name="post_card"),
    path(
        "posts/<int:pk>/cards/<slug:size>/download/",
        views.post_card_download,
        name="post_card_download",
    ),
    path("posts/<int:pk>/standard/", views.post_check, name="post_check"),
    path("submissions/<int:pk>/standard/", views.submission_check, name="submission_check"),
    path("standard/", views.standard, name="standard"),
    path("standard/<int:pk>/", views.standard_item, name="standard_item"),
]
