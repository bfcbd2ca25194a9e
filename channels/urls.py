from django.urls import path

from . import views

app_name = "channels"

urlpatterns = [
    path("", views.connection_list, name="connection_list"),
    path("pages/<int:pk>/", views.page_connection, name="page_connection"),
    path("pages/<int:pk>/connect/", views.connect, name="connect"),
    path("pages/<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    path("pages/<int:pk>/collect/", views.collect_now, name="collect_now"),
    path("pages/<int:pk>/row/", views.connection_row, name="connection_row"),
    path("pages/<int:pk>/facebook/", views.facebook_login, name="facebook_login"),
    path("facebook/callback/", views.facebook_callback, name="facebook_callback"),
    path("facebook/<int:pk>/", views.facebook_choose, name="facebook_choose"),
    path("telegram/<int:pk>/", views.telegram_webhook, name="telegram_webhook"),
]
