from datetime import date

import factory

from branches.models import PageSnapshot, SocialPage


class SocialPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialPage

    region = factory.LazyAttribute(lambda page: page.branch.region)
    branch = None
    platform = SocialPage.Platform.FACEBOOK_PAGE
    url = factory.Sequence(lambda n: f"https://www.facebook.com/page-{n}")


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageSnapshot

    page = factory.SubFactory(SocialPageFactory)
    measured_on = date(2025, 12, 5)
    followers = 500
    posts_30d = 10
    own_posts = 8
    reposts = 2
    last_own_post = date(2025, 12, 1)
    visual_quality = 4
