"""The portal's own pages (namespace «portal»: regions, organisations, users,
notifications) and the sign-in pages, which config/urls.py mounts under
accounts/ without a namespace: Django's auth views reverse their names bare.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm, PasswordResetForm

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<int:pk>/", views.region_detail, name="region_detail"),
    path("branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/export.xlsx", views.organisation_export, name="organisation_export"),
    path("organisations/import/", views.organisation_import, name="organisation_import"),
    path(
        "organisations/import/confirm/",
        views.organisation_import_confirm,
        name="organisation_import_confirm",
    ),
    path("users/import/", views.user_import, name="user_import"),
    path("users/import/confirm/", views.user_import_confirm, name="user_import_confirm"),
    path("users/import/template/", views.user_import_template, name="user_import_template"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]

account_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
