"""Materials from branches, mounted at /submissions/."""

from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.submission_queue, name="queue"),
    path("mine/", views.submission_mine, name="mine"),
    path("new/", views.submission_create, name="create"),
    path("stats/", views.submission_stats, name="stats"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("<int:pk>/edit/", views.submission_edit, name="edit"),
    path("<int:pk>/take/", views.submission_take, name="take"),
    path("<int:pk>/accept/", views.submission_accept, name="accept"),
    path("<int:pk>/return/", views.submission_return, name="return"),
    path("<int:pk>/reject/", views.submission_reject, name="reject"),
    path("photos/<int:pk>/", views.submission_photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.submission_thumbnail, name="thumbnail"),
]
