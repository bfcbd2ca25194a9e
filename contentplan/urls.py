from django.urls import path

from . import views

app_name = "contentplan"

urlpatterns = [
    path("", views.calendar_current, name="current"),
    path("<int:year>/<int:month>/", views.calendar, name="calendar"),
    path("<int:year>/<int:month>/list/", views.month_list, name="month_list"),
    path("<int:year>/<int:month>/<int:day>/", views.day, name="day"),
    path("<int:year>/<int:month>/<int:day>/week/", views.week, name="week"),
    path("queue/", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:year>/<int:month>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<int:year>/<int:month>/start/", views.plan_start, name="plan_start"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/step/", views.plan_step, name="plan_step"),
    path("plans/<int:pk>/copy-recurring/", views.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/move/", views.post_move, name="post_move"),
    path("posts/<int:pk>/status/", views.post_status, name="post_status"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:pk>/comments/", views.post_comment, name="post_comment"),
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("rubrics/<int:pk>/", views.rubric_edit, name="rubric_edit"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/rotate/", views.feed_rotate, name="feed_rotate"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
