"""The table of a publication's states is the whole of what the code can do:
every step in it moves a row, every step not in it is refused before any
UPDATE, and no code of the app writes a state but through the table."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

from publishing import workflow
from publishing.models import Publication
from publishing.workflow import AXES, By, IllegalMove, move

pytestmark = pytest.mark.django_db

APP = Path(workflow.__file__).parent
VALUES = {"state": Publication.State.values, "edit_state": Publication.Edit.values}


def _write(rows, **fields) -> int:
    return rows.update(**fields)


@pytest.fixture
def publication(make_post):
    from contentplan.models import Channel

    post = make_post("telegram")
    return Publication.objects.create(post=post, channel=Channel.objects.get(code="telegram"))


def _put(publication, axis: str, value: str) -> None:
    Publication.objects.filter(pk=publication.pk).update(**{axis: value})


@pytest.mark.parametrize("axis", list(AXES))
def test_every_step_of_the_table_moves_the_row(axis, publication):
    for (start, to), step in AXES[axis].items():
        assert step.by and step.means, (start, to)
        for by in step.by:
            _put(publication, axis, start)
            rows = Publication.objects.filter(pk=publication.pk)
            moved = move(rows, axis=axis, start=start, to=to, by=by, write=_write)
            assert moved == 1, (start, to, by)
            assert getattr(Publication.objects.get(pk=publication.pk), axis) == to


@pytest.mark.parametrize("axis", list(AXES))
def test_a_step_not_in_the_table_is_refused_before_any_update(axis, publication):
    refused = 0
    for start, to, by in itertools.product(VALUES[axis], VALUES[axis], By):
        step = AXES[axis].get((start, to))
        if step is not None and by in step.by:
            continue
        _put(publication, axis, start)
        with pytest.raises(IllegalMove):
            move(
                Publication.objects.filter(pk=publication.pk),
                axis=axis,
                start=[start],
                to=to,
                by=by,
                write=_write,
            )
        assert getattr(Publication.objects.get(pk=publication.pk), axis) == start
        refused += 1
    assert refused > 0


def test_a_mixed_start_is_refused_whole(publication):
    """One illegal start among legal ones: nothing moves."""
    _put(publication, "state", Publication.State.FAILED)
    with pytest.raises(IllegalMove):
        move(
            Publication.objects.filter(pk=publication.pk),
            start=[Publication.State.FAILED, Publication.State.SENT],
            to=Publication.State.WAITING,
            by=By.PERSON,
            write=_write,
        )
    assert Publication.objects.get(pk=publication.pk).state == Publication.State.FAILED


# The calls that write columns: a state written by any of them bypasses the table.
WRITERS = {"update", "_set", "_note", "bulk_update", "update_or_create", "get_or_create"}


def _writes_of_a_state(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in WRITERS:
            continue
        for keyword in node.keywords:
            if keyword.arg in AXES:
                found.append(f"{path.relative_to(APP)}:{node.lineno} {name}({keyword.arg}=…)")
            if keyword.arg is None and name in ("_set", "_note"):
                found.append(f"{path.relative_to(APP)}:{node.lineno} {name}(**…)")
    return found


def test_no_code_writes_a_state_but_through_the_table():
    """`move` is the one writer of `state` and `edit_state`: no UPDATE of the
    app names them (nor hands them over in a mapping) elsewhere."""
    sources = [
        path
        for path in APP.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]
    assert any(path.name == "workflow.py" for path in sources)
    found = [
        line for path in sources if path.name != "workflow.py" for line in _writes_of_a_state(path)
    ]
    assert found == []
