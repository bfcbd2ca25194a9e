"""Every change to members' questions: one function per kind of write.

Each runs in a transaction, asks `portal.permissions` and the table in
`workflow`, and refuses a step prepared from an older version of the
question (optimistic locking), so two colleagues never overwrite each other.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contentplan import services as plan_services
from contentplan.models import PlannedPost, Rubric
from portal import dates
from portal.addresses import network_of
from portal.exceptions import Conflict, Refused
from portal.infrastructure import outbox
from portal.models import Branch, Notification, PrimaryOrganisation, Region, User
from portal.selectors import press_by_region, press_of
from portal.services import in_portal_language, notify

from . import permissions, workflow
from .models import Question, QuestionEvent, reference_for

S = Question.Status

# A visitor (one client address) may send this many questions per window
# (seconds), counted from the questions stored.
ASK_LIMIT = 5
ASK_WINDOW_SECONDS = 3600
# A question without an answer this many days reminds the press service, once.
UNANSWERED_DAYS = 5
# The asker's name and contact are blanked this many days after closing (or
# after answering, for an answered question never closed).
KEEP_PERSONAL_DAYS = 365
# The rubrics an answered question may become a post in (names are data).
POST_RUBRICS = ("Ответы на частые вопросы", "Правовые разъяснения")

# The outbox key of the letter with a question's answer: this and the question's id.
ANSWER_EMAIL_KEY = "question-answer:"


class TooManyQuestions(Refused):
    """One address sent its hourly share of questions already."""


# --- Asking -----------------------------------------------------------------------


def sender_of(address: str) -> str:
    """A keyed hash of the client's address, stored with the question instead of
    the address itself, to count what one visitor sent."""
    # An IPv6 client usually has a whole /64 network: count the network.
    address = network_of(address)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def _check_rate(sender: str) -> None:
    """Refuse a question beyond the limit of the last hour, counted in the database.

    Askers from one address wait here for each other until the first commits,
    so simultaneous questions cannot all read the same count: on PostgreSQL an
    advisory lock of the sender, held to the end of the transaction; on SQLite
    every writing transaction begins IMMEDIATE (settings) and is serialised
    already. Needs no cache, so it holds when the cache is down too."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(sender[:15], 16)])
    since = timezone.now() - datetime.timedelta(seconds=ASK_WINDOW_SECONDS)
    if Question.objects.filter(sender=sender, received_at__gte=since).count() >= ASK_LIMIT:
        raise TooManyQuestions(
            _("Too many questions from your address in the last hour. Please try again later.")
        )


@dataclass(frozen=True)
class AskData:
    region: Region
    topic: str
    text: str
    branch: Branch | None = None
    organisation: PrimaryOrganisation | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False


def _check_ask(data: AskData) -> None:
    if not data.text.strip():
        raise Refused(_("Write your question."))
    if data.branch is not None and data.branch.region_id != data.region.pk:
        raise Refused(_("The branch is not of this region."))
    if data.organisation is not None and (
        data.branch is None or data.organisation.branch_id != data.branch.pk
    ):
        raise Refused(_("The organisation is not of this branch."))
    if (data.email or data.phone) and not data.consent:
        raise Refused(_("Agree to be contacted, or leave the contact out."))


@transaction.atomic
def question_ask(*, data: AskData, address: str | None = None) -> Question:
    """A visitor's question: stored as plain text, the region's press service told.

    `address` is the visitor's (empty when unknown): it sends at most ASK_LIMIT
    questions an hour. None, for questions that come from no visitor (demo data)."""
    _check_ask(data)
    sender = ""
    if address is not None:
        sender = sender_of(address or "unknown")
        _check_rate(sender)
    has_contact = bool(data.email or data.phone)
    question = Question.objects.create(
        sender=sender,
        region=data.region,
        branch=data.branch,
        organisation=data.organisation,
        topic=data.topic,
        text=data.text.strip(),
        name=data.name.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        consent=has_contact and data.consent,
    )
    question.reference = reference_for(question)
    question.save(update_fields=["reference"])
    QuestionEvent.objects.create(question=question, to_status=S.NEW, at=question.received_at)
    with in_portal_language():
        notify(
            users=list(press_of(question.region_id)),
            key=f"question-new:{question.pk}",
            title=_("New question %(reference)s: %(topic)s")
            % {"reference": question.reference, "topic": question.get_topic_display()},
            body=question.text[:300],
            url=question.get_absolute_url(),
        )
    return question


# --- The queue ----------------------------------------------------------------------


def _locked(question: Question, version: int | None) -> Question:
    try:
        current = Question.objects.select_for_update().get(pk=question.pk)
    except Question.DoesNotExist:
        raise Refused(_("This question was deleted meanwhile.")) from None
    if version is not None and current.version != version:
        last = current.events.latest_step()
        raise Conflict(
            current,
            who=last.user if last else None,
            when=last.at if last else None,
            form_kept=False,
        )
    return current


def _event(question: Question, *, user: User | None, start: str, to: str, comment: str = ""):
    QuestionEvent.objects.create(
        question=question, user=user, from_status=start, to_status=to, comment=comment
    )


def _save(question: Question) -> Question:
    question.version = F("version") + 1
    question.save()
    question.refresh_from_db()
    return question


def _check_may_work(user: User, question: Question) -> None:
    if not permissions.may_answer_question(user, question):
        raise Refused(_("Only the region's press service works on its questions."))


@transaction.atomic
def question_assign(
    *, question: Question, user: User, version: int | None, assignee: User, comment: str = ""
) -> Question:
    """Give the question to a colleague of the region's press service; a new one is taken."""
    current = _locked(question, version)
    _check_may_work(user, current)
    if not permissions.may_be_assigned_question(assignee, current):
        raise Refused(_("Assign the question to someone of the region's press service."))
    if current.status not in (S.NEW, S.IN_PROGRESS):
        raise Refused(_("Only a question waiting for an answer is assigned."))
    start = current.status
    current.assignee = assignee
    if start == S.NEW:
        current.status = S.IN_PROGRESS
    current = _save(current)
    with in_portal_language():
        note = _("Assigned to %(who)s.") % {"who": assignee}
        if comment.strip():
            note = f"{note} {comment.strip()}"
        _event(current, user=user, start=start, to=current.status, comment=note)
        if assignee.pk != user.pk:
            notify(
                users=[assignee],
                key=f"question-assigned:{current.pk}:{assignee.pk}:{current.version}",
                title=_("Question %(reference)s is assigned to you: %(topic)s")
                % {"reference": current.reference, "topic": current.get_topic_display()},
                body=comment.strip() or current.text[:300],
                url=current.get_absolute_url(),
            )
    return current


@transaction.atomic
def question_take(*, question: Question, user: User, version: int | None) -> Question:
    """The press secretary takes a new question for themself."""
    return question_assign(question=question, user=user, version=version, assignee=user)


@transaction.atomic
def question_answer(
    *, question: Question, user: User, version: int | None, answer: str
) -> Question:
    """Write the answer; it is e-mailed (after commit) when the asker gave an address."""
    answer = answer.strip()
    if not answer:
        raise Refused(_("Write the answer."))
    current = _locked(question, version)
    _check_may_work(user, current)
    if not workflow.may_move(user, current, S.ANSWERED):
        raise Refused(_("This question can no longer be answered."))
    start = current.status
    now = timezone.now()
    current.status = S.ANSWERED
    current.answer = answer
    current.answered_by = user
    current.answered_at = now
    if current.assignee_id is None:
        current.assignee = user
    current = _save(current)
    _event(current, user=user, start=start, to=S.ANSWERED)
    if current.email and current.consent:
        outbox.queue_email(
            key=f"{ANSWER_EMAIL_KEY}{current.pk}",
            to=current.email,
            template="questions/emails/answer",
            context={"question": current},
        )
    return current


def answer_emailed(sender, key: str, **kwargs) -> None:
    """The outbox delivered an answer: the question shows when it went out."""
    if key.startswith(ANSWER_EMAIL_KEY):
        Question.objects.filter(pk=int(key.removeprefix(ANSWER_EMAIL_KEY))).update(
            answer_emailed_at=timezone.now()
        )


@transaction.atomic
def question_close(
    *, question: Question, user: User, version: int | None, closure: str, comment: str = ""
) -> Question:
    """Close an answered question, or any open one as a duplicate or spam."""
    current = _locked(question, version)
    _check_may_work(user, current)
    if closure not in Question.Closure.values or not closure:
        raise Refused(_("Say why the question is closed."))
    if closure == Question.Closure.RESOLVED and current.status != S.ANSWERED:
        raise Refused(_("Only an answered question is closed as answered."))
    if not workflow.may_move(user, current, S.CLOSED):
        raise Refused(_("This question is already closed."))
    start = current.status
    current.status = S.CLOSED
    current.closure = closure
    current.closed_at = timezone.now()
    if closure == Question.Closure.SPAM:
        current.faq_published = False
    current = _save(current)
    with in_portal_language():
        label = str(Question.Closure(closure).label)
        note = f"{label}. {comment.strip()}".strip() if comment.strip() else label
        _event(current, user=user, start=start, to=S.CLOSED, comment=note)
    return current


def _has_answer(question: Question) -> bool:
    return bool(question.answer) and question.closure != Question.Closure.SPAM


@transaction.atomic
def question_publish(
    *,
    question: Question,
    user: User,
    version: int | None,
    publish: bool,
    public_question: str = "",
    public_answer: str = "",
) -> Question:
    """Show the answer on the public FAQ page in a public wording (or take it off)."""
    current = _locked(question, version)
    _check_may_work(user, current)
    if publish:
        if not _has_answer(current):
            raise Refused(_("Only an answered question is published on the FAQ."))
        public_question = depersonalise(public_question.strip(), current)
        public_answer = depersonalise(public_answer.strip(), current)
        if not public_question or not public_answer:
            raise Refused(_("Write the question and the answer as the FAQ should show them."))
        current.public_question = public_question
        current.public_answer = public_answer
        if not current.faq_published:
            current.published_at = timezone.now()
    current.faq_published = publish
    current = _save(current)
    with in_portal_language():
        note = _("Published on the FAQ.") if publish else _("Taken off the FAQ.")
        _event(current, user=user, start=current.status, to=current.status, comment=note)
    return current


# Anything that looks like an e-mail address or a phone number.
EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE_LIKE = re.compile(r"(?<!\w)\+?\d[\d\s()\-]{8,}\d(?!\w)")
REMOVED = "[…]"


# The endings a Russian name loses when declined (Анна → Анне, Анной).
NAME_ENDING = re.compile(r"[аеёиоуыэюяйь]+$", re.IGNORECASE)


def _name_pattern(part: str) -> str:
    """A word starting with the name part, declined or not, and nothing inside other words."""
    stem = NAME_ENDING.sub("", part)
    if len(stem) < 3:
        stem = part
    return r"(?<!\w)" + re.escape(stem) + r"\w*"


def depersonalise(text: str, question: Question) -> str:
    """The text without the asker's name, e-mail and phone (nor anything like them)."""
    if question.name:
        parts = [question.name, *question.name.split()]
        for part in sorted({p for p in parts if len(p) >= 3}, key=len, reverse=True):
            text = re.sub(_name_pattern(part), REMOVED, text, flags=re.IGNORECASE)
    if question.email:
        text = re.sub(re.escape(question.email), REMOVED, text, flags=re.IGNORECASE)
    digits = re.sub(r"\D", "", question.phone)
    if len(digits) >= 5:
        # The same number written with other spaces, dashes or brackets.
        pattern = r"[\s()\-]*".join(re.escape(d) for d in digits)
        text = re.sub(r"\+?" + pattern, REMOVED, text)
    text = EMAIL_LIKE.sub(REMOVED, text)
    return PHONE_LIKE.sub(REMOVED, text)


def _check_may_make_post(user: User, question: Question, rubric: Rubric) -> None:
    _check_may_work(user, question)
    if not _has_answer(question):
        raise Refused(_("Only an answered question becomes a post."))
    if question.post_id is not None:
        raise Refused(_("This question is already a post."))
    if rubric.name not in POST_RUBRICS:
        raise Refused(_("A question becomes a post of the FAQ or legal explanations rubric."))


def _post_data(
    question: Question, *, date: datetime.date, rubric: Rubric, user: User
) -> plan_services.PostData:
    """The post's fields, in the portal's language, without the asker."""
    asked = question.public_question or depersonalise(question.text, question)
    answer = question.public_answer or depersonalise(question.answer, question)
    return plan_services.PostData(
        date=date,
        rubric=rubric,
        title=(_("Question and answer: %(topic)s") % {"topic": question.get_topic_display()})[:200],
        brief="{q}\n{asked}\n\n{a}\n{answer}".format(
            q=_("Question:"), asked=asked, a=_("Answer:"), answer=answer
        ),
        origin=PlannedPost.Origin.OWN,
        responsible=user,
    )


@transaction.atomic
def question_make_post(
    *,
    question: Question,
    user: User,
    version: int | None,
    date: datetime.date,
    rubric: Rubric,
) -> PlannedPost:
    """An answered question becomes a planned post of the FAQ or legal rubric,
    without the asker. The post is written by the content plan's own services."""
    current = _locked(question, version)
    _check_may_make_post(user, current, rubric)
    try:
        plan = plan_services.plan_create(
            region=current.region, month=dates.first_day(date), user=user
        )
        with in_portal_language():
            data = _post_data(current, date=date, rubric=rubric, user=user)
            post = plan_services.post_create(plan=plan, user=user, data=data)
    except Refused as error:
        raise Refused(error.message) from None
    current.post = post
    current = _save(current)
    with in_portal_language():
        _event(
            current,
            user=user,
            start=current.status,
            to=current.status,
            comment=_("Made a post «%(title)s» on %(date)s.")
            % {"title": post.title, "date": date.strftime("%d.%m.%Y")},
        )
    return post


# --- What runs on its own ------------------------------------------------------------


@transaction.atomic
def reminders_questions_unanswered(*, today: datetime.date) -> int:
    """Questions without an answer for five days remind the region's press service
    (and the assignee), once per question: a second run sends nothing new."""
    tz = timezone.get_current_timezone()
    limit = datetime.datetime.combine(
        today - datetime.timedelta(days=UNANSWERED_DAYS), datetime.time.max, tzinfo=tz
    )
    waiting = list(
        Question.objects.filter(status__in=(S.NEW, S.IN_PROGRESS), received_at__lte=limit)
        .select_related("assignee")
        .order_by("received_at", "pk")
    )
    press = press_by_region(q.region_id for q in waiting)
    sent = 0
    with in_portal_language():
        for question in waiting:
            days = (today - timezone.localtime(question.received_at).date()).days
            assignee = question.assignee
            if assignee is not None and not permissions.may_be_assigned_question(
                assignee, question
            ):
                assignee = None
            sent += len(
                notify(
                    users=[*press.get(question.region_id, []), assignee],
                    key=f"question-unanswered:{question.pk}",
                    title=ngettext(
                        "Question %(reference)s has waited %(days)s day for an answer",
                        "Question %(reference)s has waited %(days)s days for an answer",
                        days,
                    )
                    % {"reference": question.reference, "days": days},
                    body=question.text[:300],
                    url=question.get_absolute_url(),
                )
            )
    return sent


def _notifications_of(question: Question) -> QuerySet[Notification]:
    """The notifications about a question: keys `question-<what>:<pk>[:…]`."""
    return Notification.objects.filter(key__regex=rf"^question-[a-z-]+:{question.pk}(:|$)")


@transaction.atomic
def questions_purge_personal_data(*, today: datetime.date) -> int:
    """Blank the asker's name and contact of questions closed (or, never closed,
    answered) over a year ago, and take them out of the question's history and
    notifications too.

    Conditional, so a second run changes nothing. Returns how many were blanked.
    """
    tz = timezone.get_current_timezone()
    limit = datetime.datetime.combine(
        today - datetime.timedelta(days=KEEP_PERSONAL_DAYS), datetime.time.min, tzinfo=tz
    )
    due = Question.objects.select_for_update().filter(
        Q(status=S.CLOSED, closed_at__lt=limit) | Q(status=S.ANSWERED, answered_at__lt=limit),
        personal_data_removed_at__isnull=True,
    )
    now = timezone.now()
    purged = 0
    for question in due:
        # The asker may have written their name or number into the text too.
        question.text = depersonalise(question.text, question)
        question.answer = depersonalise(question.answer, question)
        for event in question.events.exclude(comment=""):
            event.comment = depersonalise(event.comment, question)
            event.save(update_fields=["comment"])
        # Their text is a cut of the question's, perhaps through a phone number.
        _notifications_of(question).exclude(body="").update(body="")
        question.name = question.email = question.phone = question.sender = ""
        question.consent = False
        question.personal_data_removed_at = now
        question.save(
            update_fields=[
                "text",
                "answer",
                "name",
                "email",
                "phone",
                "sender",
                "consent",
                "personal_data_removed_at",
            ]
        )
        purged += 1
    return purged
