"""Members' questions, mounted at /ask/: the public form and FAQ, the queue."""

from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("thanks/", views.thanks, name="thanks"),
    path("organisations/", views.organisation_options, name="organisation_options"),
    path("faq/", views.faq, name="faq"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.detail, name="detail"),
    path("queue/<int:pk>/take/", views.take, name="take"),
    path("queue/<int:pk>/assign/", views.assign, name="assign"),
    path("queue/<int:pk>/answer/", views.answer, name="answer"),
    path("queue/<int:pk>/close/", views.close, name="close"),
    path("queue/<int:pk>/publish/", views.publish, name="publish"),
    path("queue/<int:pk>/post/", views.make_post, name="make_post"),
]
