from django.urls import path

from . import views

app_name = "channels"

urlpatterns = [
    path("", views.connection_list, name="connection_list"),
    path("pages/<int:pk>/", views.page_connection, name="page_connection"),
    path("pages/<int:pk>/connect/", views.connect, name="connect"),
    path("pages/<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    path("pages/<int:pk>/collect/", views.collect_now, name="collect_now"),
    path("telegram/<int:pk>/", views.telegram_webhook, name="telegram_webhook"),
]
