"""Campaigns: a region's own thread of posts, with a colour and dates."""

import dataclasses
import datetime

import pytest
from django.urls import reverse

from contentplan import services
from contentplan.models import Campaign
from contentplan.services import CampaignData
from portal.exceptions import Refused

from .factories import PostFactory

MARCH = datetime.date(2026, 3, 1)
MARCH_END = datetime.date(2026, 3, 31)


def _data(name="Месячник охраны труда", starts=MARCH, ends=MARCH_END):
    return CampaignData(name=name, colour="#FFC107", starts=starts, ends=ends)


def test_the_press_secretary_adds_and_changes_a_campaign(world):
    campaign = services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    assert (campaign.region, campaign.colour, campaign.created_by) == (
        world.region,
        "#ffc107",
        world.users["press"],
    )
    services.campaign_save(
        user=world.users["press"],
        region=world.region,
        campaign=campaign,
        data=_data(name="Аттестация педагогов — 2026"),
    )
    campaign.refresh_from_db()
    assert campaign.name == "Аттестация педагогов — 2026"


@pytest.mark.parametrize(
    ("who", "data"),
    [
        ("chair", _data()),
        ("central", _data()),
        ("press", _data(name="   ")),
        ("press", _data(ends=MARCH - datetime.timedelta(days=1))),
        ("press", _data(starts=datetime.date(1, 1, 1), ends=datetime.date(9999, 12, 31))),
        ("press", _data(starts=datetime.date(1999, 12, 31))),
        ("press", _data(ends=datetime.date(2101, 1, 1))),
    ],
)
def test_a_campaign_is_refused(world, who, data):
    with pytest.raises(Refused):
        services.campaign_save(user=world.users[who], region=world.region, data=data)
    assert not Campaign.objects.exists()


def test_one_name_once_per_region(world):
    services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    with pytest.raises(Refused):
        services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    # Another region may have its own of the same name.
    services.campaign_save(user=world.users["other_press"], region=world.other_region, data=_data())
    assert Campaign.objects.count() == 2


def test_a_post_joins_only_its_regions_campaign(world, plan, rubrics):
    own = services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    other = services.campaign_save(
        user=world.users["other_press"], region=world.other_region, data=_data()
    )
    data = services.PostData(
        date=MARCH.replace(day=5),
        rubric=rubrics["Охрана труда"],
        title="Инструктаж",
        origin="own",
        campaign=other,
    )
    with pytest.raises(Refused):
        services.post_create(plan=plan, user=world.users["press"], data=data)
    post = services.post_create(
        plan=plan,
        user=world.users["press"],
        data=dataclasses.replace(data, campaign=own),
    )
    assert post.campaign == own


def test_the_calendar_filters_by_campaign_and_colours_its_chips(world, plan, client_for):
    campaign = services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    PostFactory(plan=plan, title="В кампании", campaign=campaign)
    PostFactory(plan=plan, title="Вне кампании")
    client = client_for(world.users["chair"])
    page = client.get(
        reverse("contentplan:calendar", args=["2026", "03"]) + f"?campaign={campaign.pk}"
    ).content.decode()
    assert "В кампании" in page and "Вне кампании" not in page
    assert "cp-in-campaign" in page and "border-left-color: #ffc107" in page
    page = client.get(reverse("contentplan:week", args=["2026", "03", "10"])).content.decode()
    assert "Вне кампании" in page and "Месячник охраны труда" in page  # the chip's tooltip


def test_the_campaign_page_lists_its_posts_and_another_regions_is_not_found(
    world, plan, client_for
):
    campaign = services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    PostFactory(plan=plan, title="В кампании", campaign=campaign)
    other = services.campaign_save(
        user=world.users["other_press"], region=world.other_region, data=_data(name="Чужая")
    )
    client = client_for(world.users["press"])
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "В кампании" in page and 'data-testid="campaign-form"' in page
    listing = client.get(reverse("contentplan:campaigns")).content.decode()
    assert "Месячник охраны труда" in listing and "Чужая" not in listing
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.post(other.get_absolute_url(), {"name": "x"}).status_code == 404
    # A chair reads the campaign, without its form.
    chair_page = client_for(world.users["chair"]).get(campaign.get_absolute_url())
    assert chair_page.status_code == 200
    assert 'data-testid="campaign-form"' not in chair_page.content.decode()


def test_the_campaign_form_adds_one_and_a_bad_one_changes_nothing(world, client_for):
    client = client_for(world.users["press"])
    bad = client.post(
        reverse("contentplan:campaigns"),
        {"name": "Месячник", "colour": "red", "starts": "2026-03-10", "ends": "2026-03-01"},
    )
    assert bad.status_code == 200 and not Campaign.objects.exists()
    good = client.post(
        reverse("contentplan:campaigns"),
        {"name": "Месячник", "colour": "#198754", "starts": "2026-03-01", "ends": "2026-03-31"},
    )
    assert good.status_code == 302
    assert Campaign.objects.get().region == world.region


def test_the_campaign_form_refuses_dates_no_calendar_shows(world, client_for):
    client = client_for(world.users["press"])
    page = client.post(
        reverse("contentplan:campaigns"),
        {"name": "Вечная", "colour": "#198754", "starts": "0001-01-01", "ends": "9999-12-31"},
    )
    assert page.status_code == 200 and not Campaign.objects.exists()
    assert "Дни кампании должны быть в 2000–2100 годах." in page.content.decode()


def test_the_campaign_page_shows_its_posts_a_page_at_a_time(world, plan, client_for):
    from contentplan import selectors

    campaign = services.campaign_save(user=world.users["press"], region=world.region, data=_data())
    for n in range(selectors.CAMPAIGN_PAGE + 3):
        PostFactory(plan=plan, title=f"Пост кампании {n:03d}", campaign=campaign)
    client = client_for(world.users["press"])

    def rows(query=""):
        page = client.get(campaign.get_absolute_url() + query).content.decode()
        return page.count('data-testid="list-post"'), page

    first, page = rows()
    assert first == selectors.CAMPAIGN_PAGE and "?page=2" in page
    assert rows("?page=2")[0] == 3
    assert rows("?page=²")[0] == selectors.CAMPAIGN_PAGE  # a bad page number: the first
