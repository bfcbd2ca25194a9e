"""The one place that decides who may see and do what.

Views, templates and tests ask this module; every queryset a page shows starts
from one of the ``*_for`` functions below, and an object outside a user's
scope is looked up through them, so it is a 404 rather than a 403 that would
confirm it exists.

Scopes: ``central`` and superusers see every region; ``press`` one region;
``chair`` one branch (and, of the region, only what concerns that branch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .models import Branch, PrimaryOrganisation, Region, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    AnyUser = User | AnonymousUser

Role = User.Role


def role_of(user: AnyUser) -> str:
    """The user's role; superusers act as the central committee."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser and not user.role:
        return Role.CENTRAL
    return user.role


def sees_all_regions(user: AnyUser) -> bool:
    return role_of(user) == Role.CENTRAL


def regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose pages the user may open."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Region.objects.all()
    if role == Role.PRESS:
        return Region.objects.filter(pk=user.region_id)
    if role == Role.CHAIR:
        return Region.objects.filter(branches=user.branch_id)
    return Region.objects.none()


def branches_for(user: AnyUser) -> QuerySet[Branch]:
    """Branches whose pages the user may open."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Branch.objects.all()
    if role == Role.PRESS:
        return Branch.objects.filter(region=user.region_id)
    if role == Role.CHAIR:
        return Branch.objects.filter(pk=user.branch_id)
    return Branch.objects.none()


def organisations_for(user: AnyUser) -> QuerySet[PrimaryOrganisation]:
    """Primary organisations the user may see."""
    return PrimaryOrganisation.objects.filter(branch__in=branches_for(user))


def may_import_organisations(user: AnyUser) -> bool:
    """Only a region's press secretary keeps its list of organisations."""
    return role_of(user) == Role.PRESS


def may_use_admin(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_staff


# --- The library (app bulletins) ----------------------------------------------
# Public bulletins, collections and materials are for everyone, anonymous
# visitors too; internal ones for the people of their region (its press
# secretary and branch chairs) and the central committee. A material is
# readable only inside a readable collection. Only the region's press
# secretary changes its library. The library's models are imported inside the
# functions so that the portal app does not need the library app to load.


def _library_readable(user: AnyUser, *, visibility: str, region: str) -> Q:
    """The condition on `visibility` and `region` lookups for what the user may read."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Q()
    public = Q(**{visibility: "public"})
    if not role:  # anonymous visitors and accounts without a role
        return public
    return public | Q(**{f"{region}__in": regions_for(user)})


def library_bulletins_for(user: AnyUser) -> QuerySet:
    """Bulletins the user may read."""
    from bulletins.models import Bulletin

    return Bulletin.objects.filter(
        _library_readable(user, visibility="visibility", region="region")
    )


def library_collections_for(user: AnyUser) -> QuerySet:
    """Collections (folders) the user may read."""
    from bulletins.models import Collection

    return Collection.objects.filter(
        _library_readable(user, visibility="visibility", region="region")
    )


def library_items_for(user: AnyUser) -> QuerySet:
    """Materials the user may open: readable themselves, in a readable collection."""
    from bulletins.models import Item

    region = "section__collection__region"
    return Item.objects.filter(
        _library_readable(user, visibility="section__collection__visibility", region=region),
        _library_readable(user, visibility="visibility", region=region),
    )


def may_manage_library(user: AnyUser, region: Region) -> bool:
    """Only the region's press secretary fills and changes its library."""
    return role_of(user) == Role.PRESS and user.region_id == region.pk


def library_regions_managed_by(user: AnyUser) -> QuerySet[Region]:
    if role_of(user) == Role.PRESS:
        return Region.objects.filter(pk=user.region_id)
    return Region.objects.none()


def library_statistics_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose scans and downloads the user sees: the central committee all."""
    role = role_of(user)
    if role == Role.CENTRAL:
        return Region.objects.all()
    return library_regions_managed_by(user)


# --- Social pages and audits (app `branches`) -------------------------------------


def pages_for(user: AnyUser):
    """Social pages the user may see: a chair only its branch's pages."""
    from branches.models import SocialPage

    role = role_of(user)
    if role == Role.CENTRAL:
        return SocialPage.objects.all()
    if role == Role.PRESS:
        return SocialPage.objects.filter(region=user.region_id)
    if role == Role.CHAIR:
        return SocialPage.objects.filter(branch=user.branch_id)
    return SocialPage.objects.none()


def may_manage_pages(user: AnyUser, region: Region | None = None) -> bool:
    """A region's press secretary keeps its pages, measurements and media."""
    if role_of(user) != Role.PRESS:
        return False
    return region is None or region.pk == user.region_id


def media_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose media and website figures the user may see (not chairs)."""
    if role_of(user) in (Role.CENTRAL, Role.PRESS):
        return regions_for(user)
    return Region.objects.none()


# --- Content plan -------------------------------------------------------------
# Chairs read their region's plan, press secretaries write it, a regional
# leader who did not send it for approval approves it, central reads all. The
# plan's models are imported inside the functions, as the library's are.


def region_id_of(user: AnyUser) -> int | None:
    """The region a press secretary or a chair works in (None for the others)."""
    role = role_of(user)
    if role == Role.PRESS:
        return user.region_id
    if role == Role.CHAIR:
        return user.branch.region_id
    return None


def plans_for(user: AnyUser) -> QuerySet:
    """Monthly plans the user may read."""
    from contentplan.models import MonthlyPlan

    return MonthlyPlan.objects.filter(region__in=regions_for(user))


def posts_for(user: AnyUser) -> QuerySet:
    """Planned posts the user may read."""
    from contentplan.models import PlannedPost

    return PlannedPost.objects.filter(plan__region__in=regions_for(user))


def may_edit_region_plans(user: AnyUser, region: Region) -> bool:
    """Start, fill and send for approval the region's plans: its press secretaries."""
    return role_of(user) == Role.PRESS and user.region_id == region.pk


def may_edit_plan(user: AnyUser, plan) -> bool:
    """Add, change, move and delete the plan's posts (also once it is approved)."""
    return role_of(user) == Role.PRESS and user.region_id == plan.region_id


def may_keep_rubrics(user: AnyUser) -> bool:
    """The standard list of rubrics (names, colours, monthly minimums) is the
    central committee's; everyone who plans reads it."""
    return role_of(user) == Role.CENTRAL


def is_leader_of(user: AnyUser, plan) -> bool:
    return may_edit_plan(user, plan) and user.is_leader


def may_submit_plan(user: AnyUser, plan) -> bool:
    return may_edit_plan(user, plan)


def may_approve_plan(user: AnyUser, plan) -> bool:
    """A leader of the region, never the one who sent the plan for approval."""
    return is_leader_of(user, plan) and user.pk != plan.submitted_by_id


def may_return_plan(user: AnyUser, plan) -> bool:
    """Back to draft from approval: a leader returns it, or its author withdraws it."""
    return is_leader_of(user, plan) or (
        may_edit_plan(user, plan) and user.pk == plan.submitted_by_id
    )


def may_reopen_plan(user: AnyUser, plan) -> bool:
    """An approved plan goes back to draft only by a leader's decision."""
    return is_leader_of(user, plan)


def may_edit_post(user: AnyUser, post) -> bool:
    return may_edit_plan(user, post.plan)


def may_comment_post(user: AnyUser, post) -> bool:
    """The region's people discuss its posts: press secretaries and branch chairs."""
    return role_of(user) in {Role.PRESS, Role.CHAIR} and region_id_of(user) == post.plan.region_id


# --- Submissions (materials from branches) ----------------------------------------
# A branch chair sends its branch's materials and sees only those; the region's
# press secretary reviews the region's; central reads all and changes nothing.


def submissions_for(user: AnyUser) -> QuerySet:
    """Submissions the user may read (their photos follow them)."""
    from contentplan.models import Submission

    role = role_of(user)
    if role == Role.CENTRAL:
        return Submission.objects.all()
    if role == Role.PRESS:
        return Submission.objects.filter(branch__region=user.region_id)
    if role == Role.CHAIR:
        return Submission.objects.filter(branch=user.branch_id)
    return Submission.objects.none()


def may_submit_material(user: AnyUser) -> bool:
    """Branch chairs send materials, for their own branch."""
    return role_of(user) == Role.CHAIR and user.branch_id is not None


def may_edit_submission(user: AnyUser, submission) -> bool:
    """Its branch's chair, while the material is new or returned."""
    return (
        may_submit_material(user)
        and user.branch_id == submission.branch_id
        and submission.status in ("new", "returned")
    )


def may_review_submission(user: AnyUser, submission) -> bool:
    """The press secretary of the submission's region."""
    return role_of(user) == Role.PRESS and user.region_id == submission.branch.region_id


def may_review_submissions(user: AnyUser) -> bool:
    """Whether the user reviews anyone's materials at all (the queue's actions)."""
    return role_of(user) == Role.PRESS


# --- Dashboards and reports (portal/dashboards) ---------------------------------
# The central committee sees every region's dashboard and the central one; a
# press secretary only its own region's; chairs none. Whoever sees a region's
# dashboard may have the portal write that region's report and download it.


def may_see_dashboards(user: AnyUser) -> bool:
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def dashboard_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose dashboard (and reports) the user may open."""
    if may_see_dashboards(user):
        return regions_for(user)
    return Region.objects.none()


def may_see_central_dashboard(user: AnyUser) -> bool:
    return role_of(user) == Role.CENTRAL


def may_generate_report(user: AnyUser, region: Region) -> bool:
    role = role_of(user)
    return role == Role.CENTRAL or (role == Role.PRESS and user.region_id == region.pk)


def report_jobs_for(user: AnyUser) -> QuerySet:
    """Report jobs the user may follow and download: those of its dashboard regions."""
    from .models import ReportJob

    return ReportJob.objects.filter(region__in=dashboard_regions_for(user))


# --- Members' questions (app `questions`) ------------------------------------------
# Anyone may ask. The region's press service (users with the press role there)
# runs the region's queue and alone sees who asked; the central committee reads
# every region's questions without the askers; chairs have no queue. The
# questions' models are imported inside the functions, as the library's are.


def questions_for(user: AnyUser) -> QuerySet:
    """Questions whose page in the queue the user may open."""
    from questions.models import Question

    role = role_of(user)
    if role == Role.CENTRAL:
        return Question.objects.all()
    if role == Role.PRESS:
        return Question.objects.filter(region=user.region_id)
    return Question.objects.none()


def may_see_question_queue(user: AnyUser) -> bool:
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def may_answer_questions(user: AnyUser) -> bool:
    """Whether the user works any queue at all (its actions, the menu)."""
    return role_of(user) == Role.PRESS


def may_answer_question(user: AnyUser, question) -> bool:
    """Assign, answer, close, publish and make a post: the region's press service."""
    return role_of(user) == Role.PRESS and user.region_id == question.region_id


def may_see_asker(user: AnyUser, question) -> bool:
    """The asker's name and contact: only the region's press service."""
    return may_answer_question(user, question)


def may_see_askers_in_queue(user: AnyUser) -> bool:
    """Whether the user sees the asker of every question in `questions_for(user)`
    (and so may search their raw text): the press service, of its own region."""
    return role_of(user) == Role.PRESS


def may_be_assigned_question(user: AnyUser, question) -> bool:
    """A colleague of the region's press service (the legal inspector among them)."""
    return user.is_active and role_of(user) == Role.PRESS and user.region_id == question.region_id


# --- Visual style and the page standard (app `brand`) ---------------------------
# A region's press secretary keeps its brand kit; the central committee keeps
# the default kit (used by every region without one of its own), reads every
# region's, and keeps the page standard's checklist. Whoever may read a post
# may see its cards. The reviewer of a post or a material (the region's press
# secretary) answers the standard for it; who may read it sees the answers.


def may_edit_brand_kit(user: AnyUser, region: Region | None) -> bool:
    """`region` None is the default kit."""
    role = role_of(user)
    if region is None:
        return role == Role.CENTRAL
    return role == Role.PRESS and user.region_id == region.pk


def keeps_a_brand_kit(user: AnyUser) -> bool:
    """Press secretaries keep their region's kit, central the default one."""
    return role_of(user) in (Role.CENTRAL, Role.PRESS)


def brand_kit_regions_for(user: AnyUser) -> QuerySet[Region]:
    """Regions whose kit the user may look at: central all, press its own."""
    if role_of(user) in (Role.CENTRAL, Role.PRESS):
        return regions_for(user)
    return Region.objects.none()


def may_keep_standard(user: AnyUser) -> bool:
    """The page standard's checklist is the central committee's."""
    return role_of(user) == Role.CENTRAL


def may_check_post(user: AnyUser, post) -> bool:
    return may_edit_post(user, post)


def may_check_submission(user: AnyUser, submission) -> bool:
    return may_review_submission(user, submission)
