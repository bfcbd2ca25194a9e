"""The menu: groups, and «Ask a question» for those who do not answer questions."""

from django.urls import reverse

from portal import navigation


def _labels(items) -> list[str]:
    out = []
    for item in items:
        out.append(str(item["label"]))
        out += [str(child["label"]) for child in item.get("children", [])]
    return out


def test_anonymous_visitors_find_the_question_form_in_the_menu(client, db):
    page = client.get(reverse("bulletins:library")).content.decode()
    menu = page[
        page.index('data-testid="main-menu"') : page.index("</ul>", page.index("main-menu"))
    ]
    assert f'href="{reverse("questions:ask")}"' in menu
    assert "Задать вопрос" in menu


def test_press_gets_groups_and_no_ask_entry(world, rf):
    from django.contrib.auth.models import AnonymousUser

    items = navigation.items_for(world.users["press"], reverse("branches:audit_table"))
    groups = {item["key"]: item for item in items if "children" in item}
    assert set(groups) == {"organisations", "library"}
    assert groups["organisations"]["active"] is True  # the audit table is open
    assert "Ask a question" not in _labels(items)
    # A group of which a visitor sees one entry is that entry.
    anonymous = navigation.items_for(AnonymousUser(), "/")
    assert [item["url"] for item in anonymous] == [
        reverse("questions:ask"),
        reverse("bulletins:library"),
    ]
