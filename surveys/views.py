"""Pages of surveys: the press service's list, a survey with its questions,
QR code and poster, its live results and export; the member's public page.

Views read input, ask selectors and services, and render; who may do what is
decided in `permissions`.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from bulletins import posters, qr
from portal.exceptions import Refused
from portal.infrastructure.tabular import safe_cell
from questions.forms import is_bot

from . import permissions, selectors, services
from .forms import MakePostForm, QuestionForm, SurveyForm, WhereForm
from .models import TEXT_ANSWER_MAX, Question

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COOKIE_SALT = "surveys.answered"
COOKIE_DAYS = 365


# --- The press service's pages ---------------------------------------------------------


def _may_see(user) -> None:
    if not permissions.may_see_surveys(user):
        raise Http404


@login_required
@require_GET
def survey_list(request):
    _may_see(request.user)
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": selectors.surveys_list(user=request.user),
            "today": timezone.localdate(),
            "may_create": permissions.may_create_survey(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    _may_see(request.user)
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                user=request.user,
                data=form.survey_data(),
                template=form.cleaned_data.get("template") or "blank",
            )
        except Refused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The survey is made. Check its questions."))
            return redirect(survey)
    return render(request, "surveys/form.html", {"form": form})


def _editable(request, pk: int):
    survey = selectors.survey_for(user=request.user, pk=pk)
    if not permissions.may_edit_survey(request.user, survey):
        raise PermissionDenied
    return survey


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request, pk: int):
    survey = _editable(request, pk)
    initial = {
        name: getattr(survey, name)
        for name in (
            "title_ru",
            "title_kk",
            "intro_ru",
            "intro_kk",
            "event",
            "opens_on",
            "closes_on",
            "branch",
        )
    }
    form = SurveyForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, user=request.user, data=form.survey_data())
        except Refused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect(survey)
    return render(request, "surveys/form.html", {"form": form, "survey": survey})


@login_required
@require_GET
def survey_detail(request, pk: int):
    survey = selectors.survey_for(user=request.user, pk=pk)
    may_edit = permissions.may_edit_survey(request.user, survey)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": selectors.questions_of(survey),
            "may_edit": may_edit,
            "has_answers": survey.responses.exists(),
            "question_form": QuestionForm() if may_edit else None,
            "public_url": survey.public_url(),
        },
    )


def _form_errors(form) -> str:
    return " ".join(str(text) for texts in form.errors.values() for text in texts)


@login_required
@require_POST
def question_add(request, pk: int):
    survey = _editable(request, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(survey)
    try:
        services.question_add(survey=survey, user=request.user, data=form.question_data())
    except Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question is added."))
    return redirect(survey)


@login_required
@require_POST
def question_delete(request, pk: int, question: int):
    survey = _editable(request, pk)
    found = get_object_or_404(Question, survey=survey, pk=question)
    try:
        services.question_delete(question=found, user=request.user)
    except Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect(survey)


@login_required
@require_POST
def survey_close(request, pk: int):
    survey = _editable(request, pk)
    try:
        services.survey_close(survey=survey, user=request.user)
    except Refused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The survey is closed; the address hashes are deleted."))
    return redirect(survey)


@login_required
@require_GET
def survey_qr(request, pk: int, fmt: str):
    survey = selectors.survey_for(user=request.user, pk=pk)
    if fmt == "svg":
        return HttpResponse(qr.svg_bytes(survey.public_url()), content_type="image/svg+xml")
    return HttpResponse(qr.png_bytes(survey.public_url(), box_size=12), content_type="image/png")


@login_required
@require_GET
def survey_poster(request, pk: int):
    survey = selectors.survey_for(user=request.user, pk=pk)
    heading = (
        survey.region.name if survey.region else _("Trade union of education and science workers")
    )
    poster = posters.Poster(
        heading=str(heading),
        title=survey.title_ru,
        subtitle=survey.title_kk,
        caption="Наведите камеру телефона на код и ответьте на вопросы. Опрос анонимный. / "
        "Телефон камерасын кодқа бағыттап, сұрақтарға жауап беріңіз. Сауалнама жасырын.",
        url=survey.public_url(),
        address=survey.public_url().split("://", 1)[-1],
    )
    response = HttpResponse(posters.poster_pdf(poster), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="survey-{survey.pk}-poster.pdf"'
    return response


@login_required
@require_GET
def survey_results(request, pk: int):
    survey = selectors.survey_for(user=request.user, pk=pk)
    region_id = permissions.answers_region_for(request.user, survey)
    results = selectors.results(survey=survey, region_id=region_id)
    may_post = permissions.may_make_post(request.user, survey)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": results,
            "privacy_min": selectors.PRIVACY_MIN,
            "post_form": MakePostForm(survey=survey) if may_post else None,
            "state": survey.state(),
        },
    )


@login_required
@require_GET
def survey_export(request, pk: int):
    survey = selectors.survey_for(user=request.user, pk=pk)
    region_id = permissions.answers_region_for(request.user, survey)
    results = selectors.results(survey=survey, region_id=region_id)
    questions = [r.question for r in results.questions]
    book = Workbook()
    summary = book.active
    summary.title = "Итоги"
    for column, title in enumerate(["Вопрос", "Ответ", "Ответов", "%"], 1):
        safe_cell(summary, row=1, column=column, value=title)
    row = 2
    for result in results.questions:
        for line in result.rows:
            for column, value in enumerate(
                [result.question.text_ru, line.label, line.count, line.percent], 1
            ):
                safe_cell(summary, row=row, column=column, value=value)
            row += 1
    answers = book.create_sheet("Ответы")
    header = ["Дата", "Область", "Филиал", "Язык", *[q.text_ru for q in questions]]
    for column, title in enumerate(header, 1):
        safe_cell(answers, row=1, column=column, value=title)
    for row, values in enumerate(
        selectors.export_rows(survey=survey, region_id=region_id, questions=questions), 2
    ):
        for column, value in enumerate(values, 1):
            safe_cell(answers, row=row, column=column, value=value)
    response = HttpResponse(content_type=XLSX)
    book.save(response)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


@login_required
@require_POST
def survey_make_post(request, pk: int):
    survey = selectors.survey_for(user=request.user, pk=pk)
    if not permissions.may_make_post(request.user, survey):
        raise PermissionDenied
    form = MakePostForm(request.POST, survey=survey)
    back = redirect("surveys:results", pk=survey.pk)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return back
    data = form.cleaned_data
    results = selectors.results(
        survey=survey, region_id=permissions.answers_region_for(request.user, survey)
    )
    try:
        post = services.survey_make_post(
            survey=survey,
            user=request.user,
            date=data["date"],
            rubric=data["rubric"],
            question=data["question"],
            summary=_summary(results),
        )
    except Refused as error:
        messages.error(request, error.message)
        return back
    messages.success(request, _("The post «%(title)s» is in the plan.") % {"title": post.title})
    return redirect("brand:post_cards", pk=post.pk)


def _summary(results) -> str:
    """The post's brief: the answers in a few lines, in Russian (the plan's language)."""
    lines = [f"Опрос «{results.survey.title_ru}»: ответов — {results.responses}.", ""]
    for result in results.questions:
        if result.rows:
            lines.append(result.question.text_ru)
            top = sorted(result.rows, key=lambda r: -r.count)[:5]
            lines += [f"— {row.label}: {row.percent}%" for row in top]
            if result.average is not None:
                lines.append(f"Средняя оценка: {result.average}")
            lines.append("")
    return "\n".join(lines).strip()


# --- The member's page ------------------------------------------------------------------


def _language(request) -> str:
    chosen = request.GET.get("lang") or request.POST.get("lang")
    if chosen in ("ru", "kk"):
        return chosen
    return "kk" if translation.get_language() == "kk" else "ru"


def _cookie(survey) -> str:
    return f"survey-{survey.code}"


def _answered(request, survey) -> bool:
    value = request.get_signed_cookie(_cookie(survey), default=None, salt=COOKIE_SALT)
    return value == "1"


@require_http_methods(["GET", "POST"])
def public(request, code: str):
    """A member answers, without an account, once from this browser."""
    survey = selectors.public_survey(code=code)
    language = _language(request)
    with translation.override(language):
        return _public(request, survey, language)


def _public(request, survey, language: str):
    questions = selectors.questions_of(survey)
    regions = selectors.answer_regions(survey)
    branches = selectors.answer_branches(survey)
    context = {
        "survey": survey,
        "language": language,
        "title": survey.title(language),
        "intro": survey.intro(language),
        "state": survey.state(),
        "answered": _answered(request, survey),
        "errors": {},
        "error": "",
    }
    if request.method == "POST":
        return _public_post(
            request,
            survey=survey,
            language=language,
            context=context,
            questions=questions,
            regions=regions,
            branches=branches,
        )
    context["done"] = request.GET.get("done") == "1"
    context.update(_form(survey, None, questions, language, regions, branches))
    return render(request, "surveys/public.html", context)


def _public_post(request, *, survey, language, context, questions, regions, branches):
    """Saves the answers and sends the member to the thanks; otherwise the
    form again, as filled in, with what stopped it."""
    try:
        data = request.POST
        data.getlist("website")  # reads the body: too many fields raise here
    except (TooManyFieldsSent, RequestDataTooBig):
        context["error"] = _("The form is too large: nothing was saved. Please answer again.")
        context.update(_form(survey, None, questions, language, regions, branches))
        return render(request, "surveys/public.html", context, status=400)
    if is_bot(data):
        return redirect(survey.public_path() + f"?lang={language}&done=1")
    where = WhereForm(data, survey=survey, regions=regions, branches=branches)
    read = services.read_answers(questions, data)
    if context["answered"]:
        context["error"] = _("You have answered this survey already from this browser.")
        status = 409
    elif not where.is_valid() or read.errors:
        context["error"] = _("Some answers need correcting; nothing was saved.")
        context["errors"] = read.errors
        status = 400
    else:
        try:
            return _submit(request, survey=survey, language=language, where=where, read=read)
        except Refused as error:
            context["error"] = error.message
            status = 429 if isinstance(error, services.TooManyAnswers) else 400
    chosen = {
        q.pk: [str(v)[: TEXT_ANSWER_MAX + 1] for v in data.getlist(f"q{q.pk}")][:50]
        for q in questions
    }
    context.update(_form(survey, where, questions, language, regions, branches, chosen))
    return render(request, "surveys/public.html", context, status=status)


def _submit(request, *, survey, language, where, read):
    """Saves the answers (or raises Refused) and marks this browser as having answered."""
    services.response_submit(
        survey=survey,
        read=read,
        language=language,
        address=get_client_ip_address(request) or "",
        region=where.cleaned_data.get("region"),
        branch=where.cleaned_data.get("branch"),
    )
    response = redirect(survey.public_path() + f"?lang={language}&done=1")
    response.set_signed_cookie(
        _cookie(survey),
        "1",
        salt=COOKIE_SALT,
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _form(survey, where, questions, language, regions, branches, chosen=None) -> dict:
    chosen = chosen or {}
    if where is None:
        where = WhereForm(survey=survey, regions=regions, branches=branches)
    return {
        "where": where,
        "items": [
            {
                "question": q,
                "text": q.text(language),
                "options": [(o.pk, o.text(language)) for o in q.options.all()],
                "chosen": chosen.get(q.pk, []),
                "typed": (chosen.get(q.pk) or [""])[0],
            }
            for q in questions
        ],
        "scale": range(1, 6),
    }
