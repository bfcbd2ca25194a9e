"""Demo questions (embedded default only) and the demo legal inspector.

`load_seed` calls `load(region=...)`: a few realistic questions marked
«(демо)», two of them answered and published on the FAQ. Idempotent: a
region that has demo questions gets none more. A real installation
(DEBUG off) gets nothing from here.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.models import Branch, Region, User

from .models import Question, QuestionEvent, reference_for

DEMO = " (демо)"
T = Question.Topic
S = Question.Status

# (days ago, topic, text, branch or None, status, answer, published on the FAQ)
DEMO_QUESTIONS = [
    (
        20,
        T.PAY,
        "Положена ли доплата за классное руководство, если я веду два класса?" + DEMO,
        "г. Усть-Каменогорск",
        S.CLOSED,
        "Да. Доплата за классное руководство начисляется за каждый класс отдельно, "
        "если руководство поручено приказом директора. Если доплату начисляют только "
        "за один класс, обратитесь в первичную профсоюзную организацию." + DEMO,
        True,
    ),
    (
        14,
        T.LEAVE,
        "Можно ли разделить трудовой отпуск на две части по желанию работника?" + DEMO,
        None,
        S.ANSWERED,
        "Да, по соглашению сторон трудовой отпуск можно разделить на части; одна из "
        "частей должна быть не менее двух календарных недель (ст. 93 Трудового "
        "кодекса РК)." + DEMO,
        True,
    ),
    (
        7,
        T.WORKLOAD,
        "Директор поручает дежурства по выходным без оплаты. Законно ли это?" + DEMO,
        "г. Риддер",
        S.IN_PROGRESS,
        "",
        False,
    ),
    (
        2,
        T.CERTIFICATION,
        "Какие документы нужны для аттестации на категорию «педагог-модератор»?" + DEMO,
        None,
        S.NEW,
        "",
        False,
    ),
    (
        1,
        T.SAFETY,
        "В кабинете информатики не работает вентиляция. Куда обращаться?" + DEMO,
        None,
        S.NEW,
        "",
        False,
    ),
]

LAWYER = ("lawyer", "Правовой", "инспектор (демо)", "Главный правовой инспектор")


@transaction.atomic
def load(*, region: Region) -> None:
    if not settings.DEBUG or Question.objects.filter(region=region, is_demo=True).exists():
        return
    branches = {branch.name: branch for branch in Branch.objects.filter(region=region)}
    now = timezone.now()
    for days, topic, text, branch_name, status, answer, published in DEMO_QUESTIONS:
        received = now - datetime.timedelta(days=days)
        answered = received + datetime.timedelta(days=2) if answer else None
        closed = answered + datetime.timedelta(days=1) if status == S.CLOSED else None
        question = Question.objects.create(
            region=region,
            branch=branches.get(branch_name) if branch_name else None,
            topic=topic,
            text=text,
            status=status,
            closure=Question.Closure.RESOLVED if status == S.CLOSED else "",
            answer=answer,
            answered_at=answered,
            closed_at=closed,
            faq_published=published,
            public_question=text if published else "",
            public_answer=answer if published else "",
            published_at=answered if published else None,
            received_at=received,
            is_demo=True,
        )
        question.reference = reference_for(question)
        question.save(update_fields=["reference"])
        QuestionEvent.objects.create(question=question, to_status=S.NEW, at=received)
        if answered:
            QuestionEvent.objects.create(
                question=question, from_status=S.NEW, to_status=S.ANSWERED, at=answered
            )
        if closed:
            QuestionEvent.objects.create(
                question=question, from_status=S.ANSWERED, to_status=S.CLOSED, at=closed
            )


@transaction.atomic
def load_demo_lawyer(*, region: Region) -> User:
    """The region's legal inspector: press role, so questions can be assigned to them."""
    if not settings.DEBUG:
        from portal.seed import DemoUsersRefused

        raise DemoUsersRefused
    username, first_name, last_name, position = LAWYER
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": User.Role.PRESS,
            "region": region,
            "first_name": first_name,
            "last_name": last_name,
            "position": position,
            "email": f"{username}@profinfo.local",
            "is_demo": True,
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
