"""Approval of a plan and the steps of a post: allowed and refused, per role."""

import pytest
from django.urls import reverse

from contentplan import services, workflow
from contentplan.history import describe
from contentplan.models import MonthlyPlan, PlanChange, PlannedPost
from portal.models import Notification
from portal.tests.factories import UserFactory

from .factories import PlanFactory, PostFactory, RubricFactory

Plan = MonthlyPlan.Status
Post = PlannedPost.Status


def _submitted(plan, user):
    return services.plan_submit(plan=plan, user=user, version=plan.version)


def test_the_press_secretary_sends_and_a_leader_approves(world, plan, leader):
    press = world.users["press"]
    plan = _submitted(plan, press)
    assert (plan.status, plan.submitted_by) == (Plan.ON_APPROVAL, press)
    # The leader hears about it (and only the leader, not the author).
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["leader"]
    plan = services.plan_approve(plan=plan, user=leader, version=plan.version)
    assert (plan.status, plan.approved_by) == (Plan.APPROVED, leader)
    assert Notification.objects.filter(user=press, key__startswith="plan-approved").exists()
    assert list(plan.changes.order_by("pk").values_list("user__username", flat=True)) == [
        "press",
        "leader",
    ]


@pytest.mark.parametrize("who", ["press", "chair", "chair2", "central", "other_press"])
def test_nobody_but_a_leader_approves(world, plan, who):
    plan = _submitted(plan, world.users["press"])
    with pytest.raises(services.Refused):
        services.plan_approve(plan=plan, user=world.users[who], version=plan.version)
    plan.refresh_from_db()
    assert plan.status == Plan.ON_APPROVAL


def test_a_leader_never_approves_a_plan_they_sent(world, plan, leader):
    plan = _submitted(plan, leader)
    assert not workflow.may_move_plan(leader, plan, Plan.APPROVED)
    with pytest.raises(services.Refused):
        services.plan_approve(plan=plan, user=leader, version=plan.version)
    second = UserFactory(role="press", region=world.region, is_leader=True)
    assert services.plan_approve(plan=plan, user=second, version=plan.version).status == (
        Plan.APPROVED
    )


def test_a_leader_of_another_region_cannot_approve(world, plan):
    plan = _submitted(plan, world.users["press"])
    outsider = UserFactory(role="press", region=world.other_region, is_leader=True)
    with pytest.raises(services.Refused):
        services.plan_approve(plan=plan, user=outsider, version=plan.version)


@pytest.mark.parametrize("who", ["chair", "chair2", "central", "other_press"])
def test_only_the_regions_press_sends_for_approval(world, plan, who):
    with pytest.raises(services.Refused):
        _submitted(plan, world.users[who])
    plan.refresh_from_db()
    assert plan.status == Plan.DRAFT


def test_return_to_draft_needs_a_comment_and_tells_the_author(world, plan, leader):
    plan = _submitted(plan, world.users["press"])
    with pytest.raises(services.Refused, match="комментари"):
        services.plan_return(plan=plan, user=leader, version=plan.version, comment="  ")
    plan = services.plan_return(
        plan=plan, user=leader, version=plan.version, comment="Мало правовых разъяснений"
    )
    assert (plan.status, plan.return_comment) == (Plan.DRAFT, "Мало правовых разъяснений")
    notification = Notification.objects.get(user=world.users["press"])
    assert notification.body == "Мало правовых разъяснений"


def test_the_author_may_withdraw_but_another_press_secretary_may_not(world, plan):
    plan = _submitted(plan, world.users["press"])
    colleague = UserFactory(role="press", region=world.region)
    with pytest.raises(services.Refused):
        services.plan_return(plan=plan, user=colleague, version=plan.version, comment="нет")
    plan = services.plan_return(
        plan=plan, user=world.users["press"], version=plan.version, comment="Доработаю"
    )
    assert plan.status == Plan.DRAFT


def test_only_a_leader_withdraws_an_approval(world, plan, leader):
    plan = _submitted(plan, world.users["press"])
    plan = services.plan_approve(plan=plan, user=leader, version=plan.version)
    with pytest.raises(services.Refused):
        services.plan_reopen(
            plan=plan, user=world.users["press"], version=plan.version, comment="Хочу править"
        )
    plan = services.plan_reopen(plan=plan, user=leader, version=plan.version, comment="Новые даты")
    assert (plan.status, plan.approved_by) == (Plan.DRAFT, None)


def test_steps_outside_the_table_are_refused(world, plan, leader):
    with pytest.raises(services.Refused):  # a draft cannot be approved
        services.plan_approve(plan=plan, user=leader, version=plan.version)
    assert workflow.plan_targets(world.users["press"], plan) == [Plan.ON_APPROVAL]
    assert workflow.plan_targets(world.users["chair"], plan) == []
    assert workflow.plan_targets(world.users["central"], plan) == []


def test_the_minimums_block_sending_unless_the_author_says_why(world, rubrics):
    plan = PlanFactory(region=world.region)
    PostFactory(plan=plan, rubric=rubrics["Прямые эфиры"])
    PostFactory.create_batch(3, plan=plan, rubric=rubrics["Освещение мероприятий"])
    with pytest.raises(services.Refused) as refusal:
        _submitted(plan, world.users["press"])
    message = refusal.value.message
    assert "Освещение мероприятий (1)" in message
    assert "Правовые разъяснения (2)" in message
    assert "Прямые эфиры" not in message  # one live stream is enough
    plan.refresh_from_db()
    assert plan.status == Plan.DRAFT
    plan = services.plan_submit(
        plan=plan, user=world.users["press"], version=plan.version, reason="Отпуска в марте"
    )
    assert (plan.status, plan.shortfall_reason) == (Plan.ON_APPROVAL, "Отпуска в марте")


def test_a_plan_meeting_every_minimum_goes_without_a_reason(world, rubrics):
    plan = PlanFactory(region=world.region)
    for rubric in rubrics.values():
        PostFactory.create_batch(rubric.monthly_minimum, plan=plan, rubric=rubric)
    # A missed post does not count towards a minimum.
    PostFactory(plan=plan, rubric=rubrics["Прямые эфиры"], status=Post.MISSED)
    plan = _submitted(plan, world.users["press"])
    assert (plan.status, plan.shortfall_reason) == (Plan.ON_APPROVAL, "")


def test_changes_to_an_approved_plan_are_recorded(world, plan, leader):
    rubric = RubricFactory()
    post = PostFactory(plan=plan, rubric=rubric, title="Эфир")
    services.post_move(post=post, user=world.users["press"], version=0, date=plan.month)
    assert not PlanChange.objects.exists()  # a draft's edits are not history
    plan = _submitted(plan, world.users["press"])
    plan = services.plan_approve(plan=plan, user=leader, version=plan.version)
    post.refresh_from_db()
    services.post_move(
        post=post, user=world.users["press"], version=post.version, date=plan.month.replace(day=5)
    )
    last = plan.changes.first()
    assert last.user == world.users["press"]
    # Stored as an event with its facts, worded when read; the facts are there
    # whatever the wording.
    assert last.event == "post_moved"
    assert last.params == {"title": "Эфир", "old": "2026-03-01", "new": "2026-03-05"}
    text = describe(last)
    assert "«Эфир»" in text
    assert text.index("01.03.2026") < text.index("05.03.2026")
    assert last.post == post


POST_STEPS = [
    (Post.IDEA, Post.IN_WORK, True),
    (Post.IN_WORK, Post.ON_REVIEW, True),
    (Post.ON_REVIEW, Post.APPROVED, True),
    (Post.APPROVED, Post.PUBLISHED, True),
    (Post.IDEA, Post.PUBLISHED, False),
    (Post.IDEA, Post.APPROVED, False),
    (Post.PUBLISHED, Post.IN_WORK, False),
    (Post.PUBLISHED, Post.MISSED, False),
    (Post.MISSED, Post.IN_WORK, True),
]


@pytest.mark.parametrize(("start", "to", "allowed"), POST_STEPS)
def test_post_steps_follow_the_table(world, plan, start, to, allowed):
    post = PostFactory(plan=plan, status=start, published_url="https://x.kz/1")
    press = world.users["press"]
    url = "https://www.facebook.com/posts/1"
    if allowed:
        post = services.post_set_status(
            post=post, user=press, version=0, status=to, published_url=url
        )
        assert post.status == to
    else:
        with pytest.raises(services.Refused):
            services.post_set_status(post=post, user=press, version=0, status=to, published_url=url)


@pytest.mark.parametrize("who", ["chair", "chair2", "central", "other_press"])
def test_only_the_regions_press_moves_a_post_on(world, plan, who):
    post = PostFactory(plan=plan)
    with pytest.raises(services.Refused):
        services.post_set_status(post=post, user=world.users[who], version=0, status=Post.IN_WORK)
    post.refresh_from_db()
    assert post.status == Post.IDEA


def test_publishing_needs_the_address(world, plan):
    post = PostFactory(plan=plan, status=Post.APPROVED)
    with pytest.raises(services.Refused, match="адрес"):
        services.post_set_status(
            post=post, user=world.users["press"], version=0, status=Post.PUBLISHED
        )


def test_the_plan_page_offers_each_role_its_steps(world, plan, leader, client_for):
    address = reverse("contentplan:plan_detail", args=[plan.pk])
    page = client_for(world.users["press"]).get(address).content.decode()
    assert 'data-testid="submit-form"' in page
    for who in ("chair", "central"):
        page = client_for(world.users[who]).get(address).content.decode()
        assert "submit-form" not in page and "approve-form" not in page
    _submitted(plan, world.users["press"])
    page = client_for(leader).get(address).content.decode()
    assert 'data-testid="approve-form"' in page and 'data-testid="return-form"' in page


def test_steps_through_the_page(world, plan, leader, client_for):
    step = reverse("contentplan:plan_step", args=[plan.pk])
    response = client_for(world.users["chair"]).post(step, {"to": "on_approval", "version": 0})
    assert response.status_code == 403
    client = client_for(world.users["press"])
    assert client.post(step, {"to": "on_approval", "version": 0}).status_code == 302
    assert client.post(step, {"to": "approved", "version": 1}).status_code == 403
    response = client_for(leader).post(step, {"to": "approved", "version": 1}, follow=True)
    plan.refresh_from_db()
    assert plan.status == Plan.APPROVED
    assert 'data-testid="approved-by"' in response.content.decode()


def test_a_leader_who_loses_the_race_to_approve_is_told_who_won(world, plan, leader, client_for):
    second = UserFactory(
        username="leader2", role="press", region=world.region, is_leader=True, first_name="Асель"
    )
    plan = _submitted(plan, world.users["press"])
    step = reverse("contentplan:plan_step", args=[plan.pk])
    seen = plan.version  # both leaders opened the plan at this version
    assert client_for(leader).post(step, {"to": "approved", "version": seen}).status_code == 302
    response = client_for(second).post(step, {"to": "approved", "version": seen}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "уже утвердил" in page and "leader" in page
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (Plan.APPROVED, leader)
    # A step the user may not take on a plan nobody changed is still refused.
    other = client_for(world.users["chair"])
    assert other.post(step, {"to": "approved", "version": plan.version}).status_code == 403
