"""Publishing's services stay readable: a module per concern under 400 lines,
no function over 50 (issue 29, item 5)."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((APP / "services").glob("*.py")), APP / "engine.py", APP / "workflow.py"]


def test_each_module_is_under_four_hundred_lines():
    assert (APP / "services" / "__init__.py").exists()
    long = {path.name: n for path in SOURCES if (n := len(path.read_text().splitlines())) >= 400}
    assert long == {}


def test_no_function_is_over_fifty_lines():
    long = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno] + [d.lineno for d in node.decorator_list])
                if node.end_lineno - start + 1 > 50:
                    long.append(f"{path.name}:{node.name}")
    assert long == []
