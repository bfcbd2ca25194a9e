"""Factories for rubrics, plans and posts."""

import datetime

import factory

from contentplan.models import Channel, MonthlyPlan, PlannedPost, Rubric
from portal.tests.factories import RegionFactory

MONTH = datetime.date(2026, 3, 1)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Рубрика {n}")
    colour = "#0d6efd"
    monthly_minimum = 0


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyPlan
        django_get_or_create = ("region", "month")

    region = factory.SubFactory(RegionFactory)
    month = MONTH


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedPost
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    date = factory.LazyAttribute(lambda post: post.plan.month.replace(day=10))
    rubric = factory.SubFactory(RubricFactory)
    title = factory.Sequence(lambda n: f"Пост № {n}")
    origin = PlannedPost.Origin.OWN

    @factory.post_generation
    def channels(self, create, extracted, **kwargs):
        if create:
            default = Channel.objects.filter(code="facebook_page")
            self.channels.set(extracted if extracted is not None else default)
