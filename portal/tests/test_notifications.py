"""Notifications: once per key, e-mailed once, read and followed by their owner only."""

import pytest
from django.core import mail
from django.urls import reverse

from portal import services
from portal.models import Notification, OutboxEmail
from portal.tasks import deliver_outbox_task


def test_a_key_notifies_each_user_once(world, django_capture_on_commit_callbacks):
    users = [world.users["press"], world.users["chair"], world.users["press"]]
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.notify(users=users, key="post-due:1", title="Пост завтра", url="/")
    second = services.notify(users=users, key="post-due:1", title="Пост завтра", url="/")
    assert len(first) == 2 and second == []
    assert Notification.objects.filter(key="post-due:1").count() == 2
    # Each e-mail is stored with its notification; delivery is asked for
    # only after the transaction commits.
    assert OutboxEmail.objects.filter(notification__key="post-due:1").count() == 2
    assert len(callbacks) == 2 and mail.outbox == []


def test_each_notification_is_emailed_at_most_once(world):
    created = services.notify(
        users=[world.users["chair"]], key="k", title="Материал принят", body="Спасибо!", url="/x/"
    )
    assert deliver_outbox_task.apply().get() == {"due": 1, "sent": 1}
    assert deliver_outbox_task.apply().get() == {"due": 0, "sent": 0}
    assert len(mail.outbox) == 1
    created[0].refresh_from_db()
    assert created[0].emailed_at is not None
    letter = mail.outbox[0]
    assert letter.to == ["chair@example.kz"]
    assert letter.subject == "Profinfo: Материал принят"
    assert "http://127.0.0.1:8000/x/" in letter.body or "/x/" in letter.body


def test_the_bell_counts_unread_and_opening_marks_read(world, client_for):
    services.notify(users=[world.users["press"]], key="a", title="Первое", url="/organisations/")
    services.notify(users=[world.users["press"]], key="b", title="Второе")
    client = client_for(world.users["press"])
    page = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    first = Notification.objects.get(key="a")
    response = client.post(reverse("portal:notification_open", args=[first.pk]))
    assert response["Location"] == "/organisations/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("portal:notification_read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "unread-count" not in client.get(reverse("portal:home")).content.decode()


def test_a_link_elsewhere_is_not_followed(world, client_for):
    (notification,) = services.notify(
        users=[world.users["press"]], key="evil", title="?", url="https://evil.example.com/"
    )
    client = client_for(world.users["press"])
    response = client.post(reverse("portal:notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("portal:notification_list")


@pytest.mark.celery_worker
def test_the_email_task_runs_on_a_real_worker(celery_worker, world):
    (notification,) = services.notify(users=[world.users["press"]], key="w", title="Проверка")
    result = deliver_outbox_task.apply_async(queue=celery_worker.queue)
    assert result.get(timeout=60) == {"due": 1, "sent": 1}
    notification.refresh_from_db()
    assert notification.emailed_at is not None
