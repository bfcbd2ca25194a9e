"""Factories for the organisation structure and its people."""

import factory
from django.conf import settings

from portal.models import Branch, PrimaryOrganisation, Region, User


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Областная организация № {n}")
    short_name = factory.Sequence(lambda n: f"Область {n}")


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Район {n}")
    kind = Branch.Kind.DISTRICT


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrimaryOrganisation

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"Школа № {n}")
    kind = PrimaryOrganisation.Kind.SCHOOL
    members = 40


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.kz")
    password = factory.django.Password(settings.DEMO_PASSWORD)
