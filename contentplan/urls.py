from django.urls import path

from .views import bulk, calendar, campaigns, feed, moves, plans, posts, rubrics

app_name = "contentplan"

urlpatterns = [
    path("", calendar.calendar_current, name="current"),
    path("<int:year>/<int:month>/", calendar.calendar, name="calendar"),
    path("<int:year>/<int:month>/list/", calendar.month_list, name="month_list"),
    path("<int:year>/<int:month>/<int:day>/", calendar.day, name="day"),
    path("<int:year>/<int:month>/<int:day>/week/", calendar.week, name="week"),
    path("queue/", calendar.queue, name="queue"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:year>/<int:month>/export.xlsx", plans.export_xlsx, name="export_xlsx"),
    path("<int:year>/<int:month>/start/", plans.plan_start, name="plan_start"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/step/", plans.plan_step, name="plan_step"),
    path("plans/<int:pk>/copy-recurring/", plans.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/posts/new/", posts.post_create, name="post_create"),
    path("posts/<int:pk>/", posts.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", posts.post_edit, name="post_edit"),
    path("posts/<int:pk>/move/", moves.post_move, name="post_move"),
    path("posts/<int:pk>/status/", posts.post_status, name="post_status"),
    path("posts/<int:pk>/delete/", posts.post_delete, name="post_delete"),
    path("posts/<int:pk>/comments/", posts.post_comment, name="post_comment"),
    path("rubrics/", rubrics.rubric_list, name="rubrics"),
    path("rubrics/<int:pk>/", rubrics.rubric_edit, name="rubric_edit"),
    path("feed/", feed.feed_settings, name="feed_settings"),
    path("feed/rotate/", feed.feed_rotate, name="feed_rotate"),
    path("feed/revoke/", feed.feed_revoke, name="feed_revoke"),
    path("feed/<str:token>.ics", feed.feed, name="feed"),
]
