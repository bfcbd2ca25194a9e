"""The blocks a report is made of (plain JSON: the DOCX writer and the printable
page render them), and the report as plain text."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .words import short_day

SIGNATURE = "Пресс-служба аппарата ЦК Профсоюза"


def para(text: str) -> dict:
    return {"kind": "p", "text": text}


def heading(text: str) -> dict:
    return {"kind": "heading", "text": text}


def header(*, subtitle: str, start: datetime.date, end: datetime.date) -> list[dict]:
    """The title, what the report is about, and its period and date."""
    return [
        {"kind": "title", "text": "СПРАВКА"},
        {"kind": "subtitle", "text": subtitle},
        {
            "kind": "meta",
            "text": f"Период: {short_day(start)} — {short_day(end)}. Составлена порталом "
            f"Profinfo {short_day(timezone.localdate())} по его данным.",
        },
    ]


def signature() -> dict:
    return {"kind": "signature", "text": SIGNATURE}


def bullets(items: list[str]) -> dict:
    """A list whose items end as a Russian enumeration does: «…;», the last «….»."""
    last = len(items) - 1
    return {
        "kind": "list",
        "items": [item + (";" if i < last else ".") for i, item in enumerate(items)],
    }


def plain_text(blocks: list[dict]) -> str:
    """The report as plain text, one block a line (for search and tests)."""
    out = []
    for block in blocks:
        if block["kind"] == "list":
            out += [f"- {item}" for item in block["items"]]
        elif block["kind"] == "page":
            lead = f"{block['lead']} — " if block["lead"] else ""
            out.append(f"{lead}{block['label']}: {block['url']} {block['text']}".strip())
        else:
            out.append(block["text"])
    return "\n".join(out)
