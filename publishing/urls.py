from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("posts/<int:pk>/", views.post_section, name="post"),
    path("publications/<int:pk>/retry/", views.publication_retry, name="retry"),
    path("publications/<int:pk>/confirm/", views.publication_confirm, name="confirm"),
    path("publications/<int:pk>/update/", views.publication_update, name="update"),
    path("publications/<int:pk>/delete/", views.publication_delete, name="delete"),
    path("media/<str:token>/", views.media_file, name="media"),
]
