"""Run as of the report, the rules reach the report's own judgement."""

import pytest
from django.core.management import call_command

from branches.models import PageAudit, SocialPage
from branches.seed import REPORT_DATE

V = PageAudit.Verdict
P = SocialPage.Platform

EXPECTED = {
    ("Самарский район", P.FACEBOOK_PROFILE): V.ABANDONED,
    ("Район Алтай", P.FACEBOOK_PROFILE): V.ABANDONED,
    ("Катон-Карагайский район", P.FACEBOOK_PAGE): V.ABANDONED,
    ("г. Усть-Каменогорск", P.FACEBOOK_PROFILE): V.ABANDONED,
    ("Уланский район", P.FACEBOOK_PROFILE): V.DORMANT,
    ("Курчумский район", P.FACEBOOK_PROFILE): V.IRREGULAR,
    ("Шемонаихинский район", P.FACEBOOK_GROUP): V.IRREGULAR,
    ("г. Риддер", P.FACEBOOK_GROUP): V.IRREGULAR,
    ("Тарбагатайский район", P.FACEBOOK_GROUP): V.IRREGULAR,
    ("Район Алтай", P.INSTAGRAM): V.ACTIVE,
    ("Глубоковский район", P.INSTAGRAM): V.ACTIVE,
    (None, P.FACEBOOK_PAGE): V.ACTIVE,
}


@pytest.fixture
def report_audits(db):
    call_command("load_seed", verbosity=0)
    # The audit as of the report, run again by hand: the same result, no duplicates.
    call_command("run_audit", "--as-of", REPORT_DATE.isoformat(), verbosity=0)
    audits = PageAudit.objects.filter(as_of=REPORT_DATE).select_related("page__branch")
    return {
        (audit.page.branch.name if audit.page.branch_id else None, audit.page.platform): audit
        for audit in audits
    }


def test_every_page_of_the_report_gets_the_reports_verdict(report_audits):
    verdicts = {key: report_audits[key].verdict for key in EXPECTED}
    assert verdicts == EXPECTED
    assert PageAudit.objects.filter(as_of=REPORT_DATE).count() == SocialPage.objects.count()


def reasons(audit) -> set[str]:
    return {reason["code"] for reason in audit.reasons}


def test_ridder_and_tarbagatai_for_reposts_and_foreign_content(report_audits):
    assert "reposts" in reasons(report_audits[("г. Риддер", P.FACEBOOK_GROUP)])
    assert "unrelated" in reasons(report_audits[("Тарбагатайский район", P.FACEBOOK_GROUP)])


def test_altai_and_glubokoe_instagram_are_active_with_weak_visuals(report_audits):
    for branch in ("Район Алтай", "Глубоковский район"):
        audit = report_audits[(branch, P.INSTAGRAM)]
        assert "weak_visuals" in reasons(audit)
        assert audit.recommendation == PageAudit.Recommendation.IMPROVE_VISUALS


def test_the_regional_page_is_kept_and_dead_branch_pages_closed(report_audits):
    assert report_audits[(None, P.FACEBOOK_PAGE)].recommendation == "keep"
    assert report_audits[("Самарский район", P.FACEBOOK_PROFILE)].recommendation == "close"
    assert report_audits[("Уланский район", P.FACEBOOK_PROFILE)].recommendation == "merge"


def test_the_seed_holds_the_reports_media_and_website_figures(report_audits):
    from branches.models import MediaOutlet, WebsiteMaterials

    assert MediaOutlet.objects.count() == 8
    assert list(WebsiteMaterials.objects.values_list("year", "count", "months")) == [
        (2023, 92, 12),
        (2024, 173, 12),
        (2025, 163, 11),
    ]
    followers = {
        key: audit.snapshot.followers
        for key, audit in report_audits.items()
        if audit.snapshot.followers is not None
    }
    assert followers[(None, P.FACEBOOK_PAGE)] == 6200
    assert followers[(None, P.INSTAGRAM)] == 714
    assert followers[("Тарбагатайский район", P.FACEBOOK_GROUP)] == 360
    assert followers[("Глубоковский район", P.INSTAGRAM)] == 433


def test_loading_the_seed_again_adds_nothing(report_audits):
    from branches.models import PageSnapshot

    counts = (SocialPage.objects.count(), PageSnapshot.objects.count(), PageAudit.objects.count())
    call_command("load_seed", verbosity=0)
    assert (
        counts
        == (
            SocialPage.objects.count(),
            PageSnapshot.objects.count(),
            PageAudit.objects.count(),
        )
        == (14, 14, 14)
    )
