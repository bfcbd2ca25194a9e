"""Pages of members' questions: the public form and FAQ, the press service's queue.

Views read input, ask selectors and services, and render; who may do what is
decided in `portal.permissions` and the table in `workflow`.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import permissions as scope
from portal.exceptions import Conflict, Refused
from portal.numbers import parse_id
from questions import permissions

from . import selectors, services, workflow
from .forms import (
    AnswerForm,
    AskForm,
    AssignForm,
    CloseForm,
    FaqFilterForm,
    MakePostForm,
    PublishForm,
    QueueFilterForm,
    VersionForm,
)
from .models import Question

SESSION_REFERENCE = "questions:reference"
QUEUE_PAGE_SIZE = 50
FAQ_PAGE_SIZE = 20
S = Question.Status


# --- The public side -------------------------------------------------------------


def _region_param(request, regions):
    value = request.GET.get("region", "")
    return next((region for region in regions if str(region.pk) == value), None)


@require_http_methods(["GET", "POST"])
def ask(request):
    """A member's question, without an account; bots meet a honeypot and a rate limit."""
    regions = list(selectors.ask_regions())
    region = _region_param(request, regions)
    status = 200
    if request.method == "POST":
        form = AskForm(request.POST, regions=regions, region=region)
        if form.is_valid():
            if form.is_bot:
                # Pretend success to the bot; nothing is stored.
                request.session.pop(SESSION_REFERENCE, None)
                return redirect("questions:thanks")
            try:
                question = services.question_ask(
                    data=form.ask_data(),
                    # The client's address as django-axes finds it (behind the proxy too).
                    address=get_client_ip_address(request) or "",
                )
            except services.Refused as error:
                form.add_error(None, error.message)
                if isinstance(error, services.TooManyQuestions):
                    status = 429
            else:
                request.session[SESSION_REFERENCE] = question.reference
                return redirect("questions:thanks")
    else:
        form = AskForm(regions=regions, region=region)
    return render(request, "questions/ask.html", {"form": form}, status=status)


@require_GET
def thanks(request):
    """The reference of the visitor's own last question, from their session only."""
    return render(
        request, "questions/thanks.html", {"reference": request.session.get(SESSION_REFERENCE)}
    )


@require_GET
def organisation_options(request):
    """The <option>s of a branch's primary organisations, for the form (htmx)."""
    branch_id = parse_id(request.GET.get("branch"))
    return render(
        request,
        "questions/_organisation_options.html",
        {"organisations": selectors.ask_organisations(branch_id=branch_id)},
    )


@require_GET
def faq(request):
    """Published answers, searchable, by topic; for everyone."""
    form = FaqFilterForm(request.GET or None)
    filters = form.filters()
    answers = selectors.faq_questions(filters=filters)
    page = Paginator(answers, FAQ_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/faq.html",
        {
            "form": form,
            "page": page,
            "answers": page.object_list,
            "query": query.urlencode(),
            "topics": Question.Topic.choices,
            "searched": filters.active,
        },
    )


# --- The press service's queue ---------------------------------------------------


@login_required
@require_GET
def queue(request):
    user = request.user
    if not permissions.may_see_question_queue(user):
        raise Http404
    form = QueueFilterForm(request.GET or None)
    questions = selectors.questions_queue(user=user, filters=form.filters())
    page = Paginator(questions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for question in rows:
        question.asker_visible = permissions.may_see_asker(user, question)
        question.shown_text = selectors.question_text_for(user=user, question=question)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/queue.html",
        {
            "form": form,
            "page": page,
            "questions": rows,
            "query": query.urlencode(),
            "show_region": scope.sees_all_regions(user),
            "may_answer": permissions.may_answer_questions(user),
        },
    )


@login_required
@require_GET
def detail(request, pk: int):
    user = request.user
    question = selectors.question_for(user=user, pk=pk)
    may_work = permissions.may_answer_question(user, question)
    targets = workflow.targets(user, question)
    version = {"version": question.version}
    context = {
        "question": question,
        "events": selectors.question_events(question=question, user=user),
        "shown_text": selectors.question_text_for(user=user, question=question),
        "shown_answer": selectors.question_text_for(
            user=user, question=question, text=question.answer
        ),
        "may_see_asker": permissions.may_see_asker(user, question),
        "may_work": may_work,
    }
    if may_work:
        has_answer = bool(question.answer) and question.closure != Question.Closure.SPAM
        if question.is_open:
            context["assign_form"] = AssignForm(
                initial={**version, "assignee": question.assignee_id},
                assignees=selectors.assignees_for(question=question),
            )
            context["may_take"] = question.assignee_id != user.pk
        if S.ANSWERED in targets:
            context["answer_form"] = AnswerForm(initial=version)
        if S.CLOSED in targets:
            # An answered question is closed as answered; any other is closed
            # only by a reason the press secretary picks, never a preset one.
            closure = Question.Closure.RESOLVED if question.status == S.ANSWERED else ""
            context["close_form"] = CloseForm(initial={**version, "closure": closure})
        if has_answer:
            context["publish_form"] = PublishForm(
                initial={
                    **version,
                    "publish": question.faq_published,
                    "public_question": question.public_question
                    or services.depersonalise(question.text, question),
                    "public_answer": question.public_answer
                    or services.depersonalise(question.answer, question),
                }
            )
            if question.post_id is None:
                context["post_form"] = MakePostForm(
                    initial={**version, "date": timezone.localdate()}
                )
    return render(request, "questions/detail.html", context)


def _workable(request, pk: int) -> Question:
    question = selectors.question_for(user=request.user, pk=pk)
    if not permissions.may_answer_question(request.user, question):
        raise PermissionDenied
    return question


def _form_errors(form) -> str:
    return " ".join(str(text) for texts in form.errors.values() for text in texts)


def _act(request, question: Question, form, action, done: str):
    """Validate `form`, run `action(data)`, and go back to the question with a message."""
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(question)
    try:
        action(form.cleaned_data)
    except (Refused, Conflict) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(question)


@login_required
@require_POST
def take(request, pk: int):
    question = _workable(request, pk)
    return _act(
        request,
        question,
        VersionForm(request.POST),
        lambda data: services.question_take(
            question=question, user=request.user, version=data["version"]
        ),
        _("The question is yours."),
    )


@login_required
@require_POST
def assign(request, pk: int):
    question = _workable(request, pk)
    form = AssignForm(request.POST, assignees=selectors.assignees_for(question=question))
    return _act(
        request,
        question,
        form,
        lambda data: services.question_assign(
            question=question,
            user=request.user,
            version=data["version"],
            assignee=data["assignee"],
            comment=data["comment"],
        ),
        _("The question is assigned."),
    )


@login_required
@require_POST
def answer(request, pk: int):
    question = _workable(request, pk)
    done = (
        _("The answer is saved and will be e-mailed to the asker.")
        if question.email and question.consent
        else _("The answer is saved.")
    )
    return _act(
        request,
        question,
        AnswerForm(request.POST),
        lambda data: services.question_answer(
            question=question, user=request.user, version=data["version"], answer=data["answer"]
        ),
        done,
    )


@login_required
@require_POST
def close(request, pk: int):
    question = _workable(request, pk)
    return _act(
        request,
        question,
        CloseForm(request.POST),
        lambda data: services.question_close(
            question=question,
            user=request.user,
            version=data["version"],
            closure=data["closure"],
            comment=data["comment"],
        ),
        _("The question is closed."),
    )


@login_required
@require_POST
def publish(request, pk: int):
    question = _workable(request, pk)
    return _act(
        request,
        question,
        PublishForm(request.POST),
        lambda data: services.question_publish(
            question=question,
            user=request.user,
            version=data["version"],
            publish=data["publish"],
            public_question=data["public_question"],
            public_answer=data["public_answer"],
        ),
        _("The FAQ is updated."),
    )


@login_required
@require_POST
def make_post(request, pk: int):
    question = _workable(request, pk)
    return _act(
        request,
        question,
        MakePostForm(request.POST),
        lambda data: services.question_make_post(
            question=question,
            user=request.user,
            version=data["version"],
            date=data["date"],
            rubric=data["rubric"],
        ),
        _("The question is a planned post now."),
    )
