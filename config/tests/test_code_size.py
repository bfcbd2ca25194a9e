"""Homes stay small: no module of the project over 1,000 lines and no function
over 50 (issue 29: «a module per concern», named steps instead of long
functions). Tests and migrations are left out: a test reads as a story and a
migration is written once."""

import ast
from pathlib import Path

from django.conf import settings

MODULE_LINES = 1000
FUNCTION_LINES = 50
LEFT_OUT = {".venv", "var", "node_modules", "static", "locale", "tests", "migrations"}


def _project_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in root.rglob("*.py")
        if not LEFT_OUT.intersection(path.relative_to(root).parts[:-1])
        and path.name != "conftest.py"
    )


def test_the_project_is_read_from_its_own_folders():
    names = {path.relative_to(settings.BASE_DIR).parts[0] for path in _project_modules()}
    assert {"config", "portal", "networks", "publishing", "dashboards"} <= names
    assert not names & LEFT_OUT


def test_no_module_is_over_a_thousand_lines():
    long = {
        str(path.relative_to(settings.BASE_DIR)): lines
        for path in _project_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not long, f"split these into a module per concern: {long}"


def test_no_function_is_over_fifty_lines():
    long = {}
    for path in _project_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > FUNCTION_LINES:
                    where = f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {node.name}"
                    long[where] = lines
    assert not long, f"write these as named steps: {long}"
