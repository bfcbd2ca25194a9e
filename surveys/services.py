"""Every change to surveys: one function per kind of write, each in a transaction.

An answer is stored in one short transaction (the address count, the
response and its answers): on the embedded SQLite every writing transaction
begins IMMEDIATE (settings), so a thousand members answering at once queue
for a few milliseconds each instead of failing with «database is locked».
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from contentplan import services as plan_services
from contentplan.models import PlannedPost, Rubric
from portal import dates
from portal.exceptions import Refused
from portal.models import Branch, Region, User
from portal.services import in_portal_language
from questions.services import sender_of

from . import charts, permissions, templates
from .models import (
    MAX_OPTIONS,
    MAX_QUESTIONS,
    TEXT_ANSWER_MAX,
    AddressCount,
    Answer,
    Option,
    Question,
    Response,
    Survey,
    new_salt,
)
from .selectors import address_bursts

# One client address (a school behind one router is one address) may answer
# a survey SURVEY_ANSWERS_PER_ADDRESS times (settings) in this window.
ADDRESS_WINDOW = datetime.timedelta(days=1)
# The rubric a survey's results post goes to unless another is chosen.
POST_RUBRIC = "Ответы на частые вопросы"

K = Question.Kind


class TooManyAnswers(Refused):
    """One address sent its day's share of answers to the survey already."""


# --- Making a survey -------------------------------------------------------------


@dataclass(frozen=True)
class SurveyData:
    title_ru: str
    opens_on: datetime.date
    closes_on: datetime.date
    title_kk: str = ""
    intro_ru: str = ""
    intro_kk: str = ""
    branch: Branch | None = None
    event: str = ""


CLOSES_IN_THE_PAST = gettext_noop(
    "The closing date has passed: the survey would open closed. Choose today or later."
)


def _check_survey(
    region: Region | None, data: SurveyData, *, closes_on: datetime.date | None = None
) -> None:
    """`closes_on`: the date the survey has now (editing), which may stay as it is
    even when past; a new or moved closing date is today or later."""
    if not data.title_ru.strip():
        raise Refused(_("Write the survey's title in Russian."))
    if data.closes_on < data.opens_on:
        raise Refused(_("The survey closes before it opens."))
    if data.closes_on != closes_on and data.closes_on < timezone.localdate():
        raise Refused(_(CLOSES_IN_THE_PAST))
    if data.branch is not None and (region is None or data.branch.region_id != region.pk):
        raise Refused(_("The branch is not of this region."))


@transaction.atomic
def survey_create(*, user: User, data: SurveyData, template: str = Survey.Template.BLANK) -> Survey:
    """A survey of the user's region (press) or of every region (central),
    with the questions of a ready-made template if one is chosen."""
    if not permissions.may_create_survey(user):
        raise Refused(_("Only a press secretary or the central committee makes surveys."))
    region = user.region if user.role == User.Role.PRESS else None
    spec = templates.spec_for(template, event=data.event.strip())
    title_ru, title_kk = data.title_ru.strip(), data.title_kk.strip()
    intro_ru, intro_kk = data.intro_ru.strip(), data.intro_kk.strip()
    if spec is not None:
        title_ru, title_kk = title_ru or spec.title_ru, title_kk or spec.title_kk
        intro_ru, intro_kk = intro_ru or spec.intro_ru, intro_kk or spec.intro_kk
    data = SurveyData(
        title_ru=title_ru,
        title_kk=title_kk,
        intro_ru=intro_ru,
        intro_kk=intro_kk,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        branch=data.branch,
        event=data.event.strip(),
    )
    _check_survey(region, data)
    survey = Survey.objects.create(
        region=region,
        branch=data.branch,
        event=data.event,
        template=template if template in Survey.Template.values else Survey.Template.BLANK,
        title_ru=data.title_ru,
        title_kk=data.title_kk,
        intro_ru=data.intro_ru,
        intro_kk=data.intro_kk,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        created_by=user,
    )
    if spec is not None:
        for q in spec.questions:
            _add_question(
                survey,
                QuestionData(
                    kind=q.kind,
                    text_ru=q.ru,
                    text_kk=q.kk,
                    required=q.required,
                    options=[(o.ru, o.kk) for o in q.options],
                ),
                links=[(o.channel, o.rubric) for o in q.options],
            )
    return survey


def _check_may_edit(user: User, survey: Survey) -> None:
    if not permissions.may_edit_survey(user, survey):
        raise Refused(_("Only who made the survey changes it."))


def _check_unanswered(survey: Survey) -> None:
    if Response.objects.filter(survey=survey).exists():
        raise Refused(_("The survey has answers already: its questions no longer change."))


@transaction.atomic
def survey_update(*, survey: Survey, user: User, data: SurveyData) -> Survey:
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_may_edit(user, current)
    _check_survey(current.region, data, closes_on=current.closes_on)
    for name in ("title_ru", "title_kk", "intro_ru", "intro_kk", "event"):
        setattr(current, name, getattr(data, name).strip())
    current.opens_on, current.closes_on, current.branch = data.opens_on, data.closes_on, data.branch
    current.save()
    return current


@dataclass(frozen=True)
class QuestionData:
    kind: str
    text_ru: str
    text_kk: str = ""
    required: bool = False
    # (Russian, Kazakh) of each choice; only for one or several choices.
    options: list[tuple[str, str]] = field(default_factory=list)


def _add_question(survey: Survey, data: QuestionData, links=()) -> Question:
    if data.kind not in K.values:
        raise Refused(_("Choose the kind of the question."))
    if not data.text_ru.strip():
        raise Refused(_("Write the question in Russian."))
    count = Question.objects.filter(survey=survey).count()
    if count >= MAX_QUESTIONS:
        raise Refused(
            ngettext(
                "A survey has at most %(count)s question.",
                "A survey has at most %(count)s questions.",
                MAX_QUESTIONS,
            )
            % {"count": MAX_QUESTIONS}
        )
    options = [(ru.strip(), kk.strip()) for ru, kk in data.options if ru.strip()]
    if data.kind in (K.SINGLE, K.MULTIPLE):
        if len(options) < 2:
            raise Refused(_("Give at least two choices, one a line."))
        if len(options) > MAX_OPTIONS:
            raise Refused(_("A question has at most %(count)s choices.") % {"count": MAX_OPTIONS})
    else:
        options = []
    question = Question.objects.create(
        survey=survey,
        position=count + 1,
        kind=data.kind,
        text_ru=data.text_ru.strip()[:500],
        text_kk=data.text_kk.strip()[:500],
        required=data.required,
    )
    links = list(links) or [(None, None)] * len(options)
    Option.objects.bulk_create(
        Option(
            question=question,
            position=n,
            text_ru=ru[:200],
            text_kk=kk[:200],
            channel=channel,
            rubric=rubric,
        )
        for n, ((ru, kk), (channel, rubric)) in enumerate(zip(options, links, strict=False), 1)
    )
    return question


@transaction.atomic
def question_add(*, survey: Survey, user: User, data: QuestionData) -> Question:
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_may_edit(user, current)
    _check_unanswered(current)
    return _add_question(current, data)


@transaction.atomic
def question_delete(*, question: Question, user: User) -> None:
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _check_may_edit(user, survey)
    _check_unanswered(survey)
    question.delete()


@transaction.atomic
def survey_close(*, survey: Survey, user: User) -> Survey:
    """Close before the last day; the address hashes go at once."""
    current = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_may_edit(user, current)
    if current.state() == "closed":
        raise Refused(_("The survey is closed already."))
    current.closed_at = timezone.now()
    current.save(update_fields=["closed_at"])
    _delete_addresses(current)
    return current


# --- Answering -------------------------------------------------------------------


@dataclass
class Read:
    """A member's answers as read from the form: per question, the choices,
    the point of the scale or the text; and what is wrong, per question."""

    values: dict[int, list] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return sum(1 for values in self.values.values() if values)


def read_answers(questions: list[Question], data) -> Read:
    """Check the raw form (a QueryDict) against the questions; nothing is stored.

    A tampered form (a choice of another question, a scale of 7, more choices
    than the question has, a text over the limit) gets a clear message."""
    read = Read()
    for question in questions:
        raw = [v for v in data.getlist(f"q{question.pk}") if str(v).strip()]
        error = ""
        values: list = []
        if question.has_options:
            known = {str(o.pk): o for o in question.options.all()}
            if question.kind == K.SINGLE and len(raw) > 1:
                error = _("Choose one answer.")
            elif len(raw) > len(known):
                error = _("More choices than the question has.")
            elif any(v not in known for v in raw):
                error = _("This choice is not of this question.")
            else:
                values = [known[v] for v in dict.fromkeys(raw)]
        elif question.kind == K.SCALE:
            if len(raw) > 1 or (raw and raw[0] not in {"1", "2", "3", "4", "5"}):
                error = _("Rate from 1 to 5.")
            else:
                values = [int(v) for v in raw]
        else:
            text = raw[0].strip() if len(raw) == 1 else ""
            if len(raw) > 1:
                error = _("One text answer a question.")
            elif len(text) > TEXT_ANSWER_MAX:
                error = _("At most %(count)s characters, please.") % {"count": TEXT_ANSWER_MAX}
            elif text:
                values = [text]
        if not error and question.required and not values:
            error = _("This question needs an answer.")
        if error:
            read.errors[question.pk] = error
        else:
            read.values[question.pk] = values
    return read


def _digest(survey: Survey, address: str) -> str:
    # The portal's keyed hash of the address (an IPv6 /64 counts as one),
    # hashed again with the survey's own salt, which goes when the survey closes.
    return hashlib.sha256(f"{survey.salt}:{sender_of(address)}".encode()).hexdigest()


def _count_address(survey: Survey, address: str) -> None:
    """Count one answer from the address, or refuse beyond the day's limit.

    Inside the answer's transaction: on PostgreSQL the row is locked, so
    simultaneous answers from one address wait for each other; on SQLite the
    IMMEDIATE transaction serialises them already."""
    digest = _digest(survey, address or "unknown")
    now = timezone.now()
    try:
        with transaction.atomic():
            row, _created = AddressCount.objects.select_for_update().get_or_create(
                survey=survey, digest=digest, defaults={"window_start": now}
            )
    except IntegrityError:
        row = AddressCount.objects.select_for_update().get(survey=survey, digest=digest)
    if now - row.window_start >= ADDRESS_WINDOW:
        row.count, row.window_start = 0, now
    limit = settings.SURVEY_ANSWERS_PER_ADDRESS
    if limit and row.count >= limit:
        raise TooManyAnswers(
            _(
                "Too many answers to this survey from your network today. If you share "
                "a connection (the Wi-Fi of an office or a hall), answer over mobile "
                "data, or come back tomorrow."
            )
        )
    row.count += 1
    row.total += 1
    row.save(update_fields=["count", "total", "window_start"])


def where_from(survey: Survey, *, region: Region | None, branch: Branch | None):
    """The region and branch an answer is counted in, or a refusal."""
    if survey.region_id is not None:
        region = survey.region
    if region is None:
        raise Refused(_("Choose your regional organisation."))
    if survey.branch_id is not None:
        branch = survey.branch
    if branch is not None and branch.region_id != region.pk:
        raise Refused(_("The branch is not of this region."))
    return region, branch


def response_submit(
    *,
    survey: Survey,
    read: Read,
    language: str,
    address: str | None,
    region: Region | None = None,
    branch: Branch | None = None,
) -> Response:
    """Store a member's answer: nothing of them but the region, the branch they
    chose and the language. `address` only counts answers (None: demo data)."""
    if read.errors:
        raise Refused(_("Some answers need correcting; nothing was saved."))
    if not read.answered:
        raise Refused(_("Answer at least one question."))
    region, branch = where_from(survey, region=region, branch=branch)
    with transaction.atomic():
        # As it is now: closed a moment ago, it takes nothing more.
        survey = Survey.objects.get(pk=survey.pk)
        state = survey.state()
        if state == "scheduled":
            raise Refused(_("The survey is not open yet."))
        if state == "closed":
            raise Refused(_("The survey is closed."))
        if address is not None:
            _count_address(survey, address)
        response = Response.objects.create(
            survey=survey,
            region=region,
            branch=branch,
            language="kk" if language == "kk" else "ru",
        )
        answers = []
        for question_id, values in read.values.items():
            for value in values:
                answer = Answer(response=response, question_id=question_id)
                if isinstance(value, Option):
                    answer.option = value
                elif isinstance(value, int):
                    answer.value = value
                else:
                    answer.text = value
                answers.append(answer)
        Answer.objects.bulk_create(answers)
    return response


# --- Closing ---------------------------------------------------------------------


def _delete_addresses(survey: Survey) -> int:
    # What the results show of the addresses outlives their hashes: only how
    # many addresses sent how many answers.
    bursts = {str(answers): count for answers, count in address_bursts(survey).items()}
    deleted, _kinds = AddressCount.objects.filter(survey=survey).delete()
    Survey.objects.filter(pk=survey.pk).update(
        salt=new_salt(), addresses_deleted_at=timezone.now(), address_bursts=bursts
    )
    return deleted


@transaction.atomic
def addresses_purge(*, today: datetime.date) -> int:
    """Delete the address hashes of every survey closed by `today`. Safe to
    repeat: a survey whose hashes are gone is left alone. Returns the surveys."""
    from django.db.models import Q

    due = Survey.objects.filter(addresses_deleted_at__isnull=True).filter(
        Q(closes_on__lt=today) | Q(closed_at__isnull=False)
    )
    done = 0
    for survey in due.select_for_update():
        _delete_addresses(survey)
        done += 1
    return done


# --- From results to the plan ----------------------------------------------------


@transaction.atomic
def survey_make_post(
    *,
    survey: Survey,
    user: User,
    date: datetime.date,
    rubric: Rubric,
    question: Question,
    summary: str,
) -> PlannedPost:
    """A planned post of the results in the user's region's plan, its card
    showing the chart of one question. The post is written by the content
    plan's own services."""
    if not permissions.may_make_post(user, survey):
        raise Refused(_("Only the region's press secretary puts a post into its plan."))
    if question.survey_id != survey.pk or question.kind == K.TEXT:
        raise Refused(_("Choose a question with choices or a scale for the chart."))
    try:
        plan = plan_services.plan_create(region=user.region, month=dates.first_day(date), user=user)
        with in_portal_language():
            post = plan_services.post_create(
                plan=plan,
                user=user,
                data=plan_services.PostData(
                    date=date,
                    rubric=rubric,
                    title=(_("Survey results: %(title)s") % {"title": survey.title_ru})[:200],
                    brief=summary,
                    origin=PlannedPost.Origin.OWN,
                    responsible=user,
                ),
            )
    except Refused as error:
        raise Refused(error.message) from None
    charts.store_post_chart(post_id=post.pk, survey=survey, question=question, user=user)
    if survey.region_id is not None and survey.post_id is None:
        Survey.objects.filter(pk=survey.pk).update(post=post)
    return post
