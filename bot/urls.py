"""The bot's two addresses, from the root: Telegram's webhook and the profile page."""

from django.urls import path

from . import views

app_name = "bot"

urlpatterns = [
    path("telegram/webhook/", views.webhook, name="webhook"),
    path("accounts/telegram/", views.account, name="account"),
]
