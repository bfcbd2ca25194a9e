"""The sandbox's own pages for a person: what the portal published (``/``), and
the conversation with the union's bot, where one plays the person writing to it
(``/bot``)."""

from __future__ import annotations

import html
from email.parser import BytesParser
from email.policy import default as email_policy
from urllib.parse import parse_qsl

from . import bot_api, state
from .bot_api import BOT, PLAYER, bot_player_message, bot_player_press
from .replies import Answer, html_answer

BOT_PAGE = "/bot"


def published_page() -> Answer:
    """``/``: what the portal published to the sandbox, newest first."""
    with state.LOCK:
        entries = list(reversed(state.PUBLISHED))
    rows = "".join(
        f"<li><b>{html.escape(e['network'])}</b> · {e['at']:%Y-%m-%d %H:%M:%S} UTC · "
        f'<a href="{html.escape(e["permalink"])}">{html.escape(e["permalink"])}</a>'
        f"<p>{html.escape(e['text'])}</p></li>"
        for e in entries
    )
    body = (
        '<!DOCTYPE html><meta charset="utf-8"><title>Песочница сетей</title>'
        f"<h1>Опубликовано в песочнице: {len(entries)}</h1><ol>{rows}</ol>"
    )
    return html_answer(body)


def _bot_buttons(entry: dict) -> str:
    out = []
    for row in entry.get("buttons") or []:
        cells = []
        for button in row:
            label = html.escape(str(button.get("text", "")))
            if button.get("url"):
                address = html.escape(str(button["url"]))
                cells.append(f'<a class="button" href="{address}" target="_blank">{label}</a>')
            else:
                data = html.escape(str(button.get("callback_data", "")))
                cells.append(
                    f'<form method="post" action="{BOT_PAGE}/press">'
                    f'<input type="hidden" name="message_id" value="{entry["id"]}">'
                    f'<input type="hidden" name="data" value="{data}">'
                    f"<button>{label}</button></form>"
                )
        out.append(f'<div class="row">{"".join(cells)}</div>')
    return "".join(out)


def bot_page() -> Answer:
    """``/bot``: the conversation with the bot, and what the player may send."""
    with state.LOCK:
        entries = list(bot_api.BOT_CHAT.transcript)
        waiting = len(bot_api.BOT_CHAT.updates)
    who = {"player": "Вы", "bot": "Бот", "toast": "Бот (всплывающее)"}
    rows = "".join(
        f'<li class="{e["who"]}"><b>{who[e["who"]]}:</b> '
        f'<span class="text">{html.escape(e["text"])}</span>{_bot_buttons(e)}</li>'
        for e in entries
    )
    body = f"""<!DOCTYPE html><meta charset="utf-8"><title>Бот профсоюза — песочница</title>
<style>body{{font-family:sans-serif;max-width:46rem;margin:1rem auto}} li{{margin:.5rem 0}}
.text{{white-space:pre-wrap}} .row{{display:flex;gap:.3rem;margin:.2rem 0}} .row form{{margin:0}}
li.bot{{background:#eef4ff;padding:.4rem}} .button{{border:1px solid #888;padding:0 .4rem}}</style>
<h1>Бот @{BOT["username"]} (песочница)</h1>
<p>Вы — {PLAYER["first_name"]} в Telegram. Чтобы привязать портал, вставьте ссылку со страницы
«Telegram» профиля (https://t.me/…?start=…) и отправьте. Затем текст (первая строка — заголовок)
или несколько фото с подписью — альбом. Бот забирает сообщения сам (make run запускает его);
ждут бота: <span data-testid="waiting">{waiting}</span>.
<a href="{BOT_PAGE}">Обновить</a></p>
<ol data-testid="transcript">{rows}</ol>
<form method="post" action="{BOT_PAGE}" enctype="multipart/form-data">
<p><textarea name="text" rows="4" cols="60"
 placeholder="Текст, /ask, /surveys, /lang, /stop"></textarea></p>
<p>Фото (можно несколько): <input type="file" name="photos" accept="image/*" multiple></p>
<p><label><input type="checkbox" name="forwarded"> переслано из другого чата</label></p>
<p><button>Отправить боту</button></p></form>"""
    return html_answer(body)


def _form_fields(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """The fields of a posted form (urlencoded or multipart), as (name, bytes)."""
    if content_type.startswith("multipart/form-data"):
        parsed = BytesParser(policy=email_policy).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        return [
            (
                part.get_param("name", header="content-disposition") or "",
                part.get_payload(decode=True) or b"",
            )
            for part in parsed.iter_parts()
        ]
    return [(k, v.encode()) for k, v in parse_qsl(body.decode("utf-8", "replace"))]


def bot_post(path: str, content_type: str, body: bytes) -> Answer:
    """The page's forms: a message from the player, or a button pressed; back to the page."""
    fields = _form_fields(content_type, body)
    values = {name: value.decode("utf-8", "replace") for name, value in fields}
    if path == BOT_PAGE + "/press":
        number = values.get("message_id", "")
        if number.isascii() and number.isdigit():
            bot_player_press(message_id=int(number), data=values.get("data", "")[:64])
    else:
        photos = [value for name, value in fields if name == "photos" and value]
        text = values.get("text", "").strip()
        if text or photos:
            bot_player_message(text=text, photos=photos[:10], forwarded="forwarded" in values)
    return 303, {"Location": BOT_PAGE, "Content-Type": "text/plain"}, b""
