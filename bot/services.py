"""What the bot does with an update: one function, `update_handle`.

An update is handled once: its id is stored in the same transaction as what
it changed, and a repeat (a webhook retried, a poll whose confirmation was
lost) changes nothing and answers nothing. The answers are sent only after
that transaction commits, so a message never tells of a change that was
rolled back.

People: a Telegram user the bot has not seen gets a `TelegramLink` (their
chat and language, Russian or Kazakh from their Telegram language, `/lang`
to switch); `/start <code>` with a code from the profile page makes it the
portal user's link, `/stop` unlinks. A linked chair's messages (text, photos,
an album, a forwarded post) gather into a `Draft` that «Отправить на
рассмотрение» sends through `materials.services.submission_create`, with the
web form's scope, limits and photo path.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from materials import permissions as material_permissions
from materials import services as material_services
from networks import telegram_bot as api
from networks.errors import NetworkError
from portal import dates
from portal.exceptions import Refused
from portal.models import Region, User
from portal.numbers import MAX_ID, parse_id
from questions import services as question_services
from questions.models import TEXT_MAX as QUESTION_MAX
from questions.models import Question
from surveys.models import Survey

from . import outbox
from .models import (
    Draft,
    Language,
    LinkCode,
    NotifyBy,
    ProcessedUpdate,
    TelegramLink,
    TelegramMessage,
    TelegramQuestion,
)

log = logging.getLogger(__name__)

CODE_MINUTES = 15
MAX_TITLE = 200
MAX_TEXT = 20000
MAX_PHOTOS = 10
# After /ask and a topic, the next text is the question for this long.
ASK_MINUTES = 30
SURVEYS_SHOWN = 10
DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")


@dataclass
class Reply:
    """One call to make once the update's transaction committed."""

    chat_id: int
    text: str = ""
    buttons: dict | None = None
    edit: int | None = None  # edit this message instead of sending one
    callback: str = ""  # answer this callback query (its text, `text`)
    sent: Callable[[int], None] | None = None  # told the new message's id
    link_id: int | None = None  # whose link goes inactive if they blocked the bot


def token() -> str:
    return settings.TELEGRAM_BOT_TOKEN


def clean_text(text: str, limit: int) -> str:
    """Telegram's text as input like any other: no control characters but line
    breaks and tabs, at most `limit` characters."""
    text = "".join(
        char for char in str(text) if char in "\n\t" or unicodedata.category(char)[0] != "C"
    )
    return text.strip()[:limit]


# --- Link codes -------------------------------------------------------------------


def link_code_create(*, user: User) -> LinkCode:
    """A new one-time code for the deep link; the user's earlier unused codes go."""
    with transaction.atomic():
        LinkCode.objects.filter(user=user, used_at__isnull=True).delete()
        return LinkCode.objects.create(
            user=user, code=secrets.token_urlsafe(16)[:22], created_at=timezone.now()
        )


def _take_code(code: str) -> LinkCode | None:
    fresh = timezone.now() - datetime.timedelta(minutes=CODE_MINUTES)
    found = (
        LinkCode.objects.select_for_update()
        .select_related("user")
        .filter(code=code[:32], used_at__isnull=True, created_at__gte=fresh, user__is_active=True)
        .first()
    )
    if found:
        found.used_at = timezone.now()
        found.save(update_fields=["used_at"])
    return found


@transaction.atomic
def link_remove(*, user: User) -> bool:
    """«Отвязать» on the profile page: the person's Telegram no longer speaks for them."""
    return bool(
        TelegramLink.objects.filter(user=user).update(user=None, active=False, linked_at=None)
    )


@transaction.atomic
def notify_by_set(*, user: User, choice: str) -> TelegramLink:
    """E-mail, Telegram or both, for a person who linked Telegram."""
    if choice not in NotifyBy.values:
        raise Refused(_("Choose e-mail, Telegram or both."))
    link = TelegramLink.objects.select_for_update().filter(user=user).first()
    if link is None:
        raise Refused(_("Link Telegram first."))
    link.notify_by = choice
    link.save(update_fields=["notify_by"])
    return link


def current_code(*, user: User) -> LinkCode | None:
    """The user's unused code, while it is valid."""
    fresh = timezone.now() - datetime.timedelta(minutes=CODE_MINUTES)
    return (
        LinkCode.objects.filter(user=user, used_at__isnull=True, created_at__gte=fresh)
        .order_by("-created_at")
        .first()
    )


def bot_name() -> str:
    """The bot's user name (for t.me links), asked of getMe once a day; "" when
    there is no bot or Telegram does not answer."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return ""
    key = "bot:name:" + hashlib.sha256(settings.TELEGRAM_BOT_TOKEN.encode()).hexdigest()[:16]
    name = cache.get(key)
    if name is None:
        try:
            name = str(api.get_me(token=token())["username"])
        except NetworkError as error:
            log.warning("telegram bot: getMe failed (%s)", error.code)
            return ""
        cache.set(key, name, 24 * 3600)
    return name


def mark_blocked(*, link_id: int) -> None:
    """They blocked the bot: nothing more is sent to them until they write again."""
    TelegramLink.objects.filter(pk=link_id).update(active=False)


# --- Handling an update -----------------------------------------------------------


def update_handle(update: dict) -> list[Reply]:
    """Handle one update once and send its answers; the answers sent."""
    update_id = update.get("update_id") if isinstance(update, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return []
    if not 0 <= update_id <= MAX_ID:
        return []
    try:
        with transaction.atomic():
            _seen, created = ProcessedUpdate.objects.get_or_create(update_id=update_id)
            if not created:
                return []
            replies = _dispatch(update)
    except DatabaseError as error:
        if not _still_there():
            raise  # the database is away: the update is handled when it is back
        _skip(update_id, error)
        return []
    except Exception as error:
        _skip(update_id, error)
        return []
    for reply in replies:
        _send(reply)
    return replies


def _still_there() -> bool:
    try:
        with transaction.atomic():
            ProcessedUpdate.objects.exists()
    except DatabaseError:
        return False
    return True


def _skip(update_id: int, error: Exception) -> None:
    """An update the bot could not take is recorded as handled, so that the next
    poll asks past it instead of failing on it forever (nothing it changed was
    kept). The kind of error only: its words may quote what was sent."""
    log.error(
        "telegram bot: update %s could not be handled (%s); skipped",
        update_id,
        type(error).__name__,
    )
    ProcessedUpdate.objects.get_or_create(update_id=update_id)


def _id(value, *, negative: bool = False) -> int | None:
    """A Telegram id as the database can hold it, or None (ids are 52-bit numbers;
    a chat's may be negative)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    if not (-MAX_ID if negative else 1) <= value <= MAX_ID:
        return None
    return value


def next_offset() -> int:
    """The offset to ask getUpdates from: past the update handled last.

    The last handled, not the largest id: after a week without updates
    Telegram starts its ids afresh at random, possibly lower."""
    last = ProcessedUpdate.objects.order_by("-pk").values_list("update_id", flat=True)
    top = last.first()
    return 0 if top is None else top + 1


def _send(reply: Reply) -> None:
    try:
        if reply.callback:
            api.answer_callback_query(
                token=token(), callback_query_id=reply.callback, text=reply.text
            )
        elif reply.edit is not None:
            api.edit_message_text(
                token=token(),
                chat_id=reply.chat_id,
                message_id=reply.edit,
                text=reply.text,
                buttons=reply.buttons,
            )
        else:
            message_id = api.send_message(
                token=token(), chat_id=reply.chat_id, text=reply.text, buttons=reply.buttons
            )
            if reply.sent:
                reply.sent(message_id)
    except NetworkError as error:
        if api.blocked(error) and reply.link_id:
            mark_blocked(link_id=reply.link_id)
        # The code only: the network's own words may quote the request.
        log.warning("telegram bot: an answer was not delivered (%s)", error.code)


def _language(code: str | None) -> str:
    return Language.KK if (code or "").lower().startswith("kk") else Language.RU


def _link_of(person: dict, chat_id: int) -> TelegramLink:
    telegram_id = int(person["id"])
    link, created = TelegramLink.objects.select_for_update().get_or_create(
        telegram_id=telegram_id,
        defaults={
            "chat_id": chat_id,
            "language": _language(person.get("language_code")),
            "active": True,
        },
    )
    if not created and (link.chat_id != chat_id or not link.active):
        # Writing to the bot again undoes a block.
        link.chat_id, link.active = chat_id, True
        link.save(update_fields=["chat_id", "active"])
    return link


def _dispatch(update: dict) -> list[Reply]:
    if isinstance(update.get("callback_query"), dict):
        return _callback(update["callback_query"])
    message = update.get("message")
    if not isinstance(message, dict):
        return []  # an edited message or a kind the bot does not take
    person = message.get("from") or {}
    chat = message.get("chat") or {}
    chat_id = _id(chat.get("id"), negative=True)
    if _id(person.get("id")) is None or chat_id is None or chat.get("type") != "private":
        return []
    link = _link_of(person, chat_id)
    with translation.override(link.language):
        return _message(link, message)


def _reply(link: TelegramLink, text: str, **kwargs) -> Reply:
    return Reply(chat_id=link.chat_id, text=text, link_id=link.pk, **kwargs)


def _message(link: TelegramLink, message: dict) -> list[Reply]:
    text = message.get("text") or ""
    if text.startswith("/"):
        command, _space, rest = text.partition(" ")
        command = command.split("@", 1)[0].lower()
        commands = {
            "/start": _start,
            "/stop": _stop,
            "/lang": _lang,
            "/help": _help,
            "/ask": _ask,
            "/surveys": _surveys,
        }
        if command in commands:
            return commands[command](link, rest.strip())
    if _asking(link):
        return _ask_text(link, message)
    if link.user and material_permissions.may_submit_material(link.user):
        return _gather(link, message)
    return [_reply(link, _greeting(link))]


def _ask_address() -> str:
    return f"{settings.SITE_URL}/ask/"


def _greeting(link: TelegramLink) -> str:
    if link.user is None:
        return (
            _(
                "Hello! This is the trade union's bot. It works for chairs and press "
                "secretaries who linked their portal account (the link is on the «Telegram» "
                "page of your profile). To ask the union a question, write it at %(ask)s. "
                "/lang switches the language."
            )
            % {"ask": _ask_address()}
            + "\n\n"
            + _commands()
        )
    return (
        _(
            "You are linked as %(name)s. A branch chair sends a material here: the first "
            "line is the title, the rest the text, photos may follow. To ask a question: "
            "%(ask)s. /stop unlinks."
        )
        % {
            "name": link.user.get_full_name() or link.user.username,
            "ask": _ask_address(),
        }
        + "\n\n"
        + _commands()
    )


def _help(link: TelegramLink, rest: str) -> list[Reply]:
    return [_reply(link, _greeting(link))]


def _commands() -> str:
    return _("/ask — ask the union a question here; /surveys — the open surveys of your region.")


def _start(link: TelegramLink, code: str) -> list[Reply]:
    if not code:
        return [_reply(link, _greeting(link))]
    found = _take_code(code)
    if found is None:
        return [
            _reply(
                link,
                _(
                    "This link is not valid: it is used already or older than 15 minutes. "
                    "Open the «Telegram» page of your profile for a new one."
                ),
            )
        ]
    # One Telegram account per person and one person per account.
    TelegramLink.objects.filter(user=found.user).exclude(pk=link.pk).update(
        user=None, active=False, linked_at=None
    )
    link.user, link.active, link.linked_at = found.user, True, timezone.now()
    link.save(update_fields=["user", "active", "linked_at"])
    return [
        _reply(
            link,
            _("Done: this Telegram is linked to %(name)s on the portal.")
            % {"name": found.user.get_full_name() or found.user.username}
            + "\n\n"
            + _greeting(link),
        )
    ]


def _stop(link: TelegramLink, rest: str) -> list[Reply]:
    if link.user is None:
        return [_reply(link, _("This Telegram is not linked to anyone on the portal."))]
    Draft.objects.filter(link=link).delete()
    link.user, link.linked_at = None, None
    link.save(update_fields=["user", "linked_at"])
    return [_reply(link, _("Unlinked: the bot no longer acts for your portal account."))]


def _lang(link: TelegramLink, rest: str) -> list[Reply]:
    link.language = Language.RU if link.language == Language.KK else Language.KK
    link.save(update_fields=["language"])
    with translation.override(link.language):
        return [_reply(link, _("The bot now answers in this language.") + "\n\n" + _greeting(link))]


# --- A chair's material -----------------------------------------------------------


def event_date(text: str, today: datetime.date) -> datetime.date:
    """The first date the text names as dd.mm.yyyy (or dd.mm.yy), else today."""
    for day, month, year in DATE.findall(text):
        year = int(year) + (2000 if len(year) == 2 else 0)
        try:
            return datetime.date(year, int(month), int(day))
        except ValueError:
            continue
    return today


def split(messages: list[str]) -> tuple[str, str]:
    """The title (the first line) and the text (the rest; the title when there is
    no more) of what was gathered."""
    whole = clean_text("\n\n".join(m for m in messages if m.strip()), MAX_TEXT + MAX_TITLE)
    title, _newline, rest = whole.partition("\n")
    title = title.strip()[:MAX_TITLE]
    rest = rest.strip()[:MAX_TEXT]
    return title, rest or title


def _photo_of(message: dict) -> tuple[str | None, str]:
    """The file id of the message's image (the largest size of a photo, or an image
    sent as a file), or the reason it is refused."""
    sizes = message.get("photo")
    if isinstance(sizes, list) and sizes:
        largest = sizes[-1]
        if (largest.get("file_size") or 0) > api.FILE_LIMIT:
            return None, _too_large()
        return str(largest.get("file_id", "")) or None, ""
    document = message.get("document")
    if isinstance(document, dict):
        name = clean_text(document.get("file_name") or "", 100) or _("the file")
        if (document.get("file_size") or 0) > api.FILE_LIMIT:
            return None, _too_large()
        if not str(document.get("mime_type", "")).startswith("image/"):
            return None, _(
                "«%(name)s» is not an image: the bot takes photos (JPEG, PNG or WebP)."
            ) % {"name": name}
        return str(document.get("file_id", "")) or None, ""
    return None, ""


def _too_large() -> str:
    return _("The file is larger than 20 MB, the most a bot can receive: send it as a photo.")


def _summary(draft: Draft) -> tuple[str, dict]:
    title, text = split(draft.messages)
    when = event_date("\n".join(draft.messages), timezone.localdate())
    lines = [
        _("Draft material of %(branch)s:") % {"branch": draft.link.user.branch.name},
        _("Title: %(title)s") % {"title": title or "—"},
        _("Text: %(n)s characters") % {"n": len(text) if title else 0},
        _("Photos: %(n)s") % {"n": len(draft.photos)},
        _("Event date: %(date)s") % {"date": dates.format_day(when)},
        "",
        _(
            "By sending it you confirm that the people in the photos (parents, for "
            "children) agreed to their publication."
        ),
    ]
    buttons = api.keyboard(
        [
            [(_("Send for review"), f"send:{draft.pk}")],
            [(_("Change"), f"edit:{draft.pk}"), (_("Cancel the draft"), f"cancel:{draft.pk}")],
        ]
    )
    return "\n".join(lines), buttons


def _gather(link: TelegramLink, message: dict) -> list[Reply]:
    draft, _created = Draft.objects.select_for_update().get_or_create(link=link)
    text = clean_text(message.get("text") or message.get("caption") or "", MAX_TEXT)
    file_id, refusal = _photo_of(message)
    if refusal:
        return [_reply(link, refusal)]
    if not text and not file_id:
        return [_reply(link, _("The bot takes texts and photos only."))]
    if file_id and len(draft.photos) >= MAX_PHOTOS:
        return [_reply(link, _("At most %(n)s photos per material.") % {"n": MAX_PHOTOS})]
    group = str(message.get("media_group_id") or "")[:64]
    same_album = bool(group) and group == draft.media_group_id
    if text:
        draft.messages = [text] if draft.editing else [*draft.messages, text]
        draft.editing = False
    if file_id:
        draft.photos = [*draft.photos, file_id]
    draft.media_group_id = group
    draft.save()
    summary, buttons = _summary(draft)
    if same_album and draft.summary_message_id:
        # The rest of an album: the summary above it grows instead of repeating.
        return [_reply(link, summary, buttons=buttons, edit=draft.summary_message_id)]

    def remember(message_id: int, pk=draft.pk) -> None:
        Draft.objects.filter(pk=pk).update(summary_message_id=message_id)

    return [_reply(link, summary, buttons=buttons, sent=remember)]


def _callback(query: dict) -> list[Reply]:
    person = query.get("from") or {}
    data = str(query.get("data") or "")
    query_id = str(query.get("id") or "")
    message = query.get("message") or {}
    chat_id = _id((message.get("chat") or {}).get("id") or person.get("id"), negative=True)
    if _id(person.get("id")) is None or chat_id is None:
        return []
    link = _link_of(person, chat_id)
    with translation.override(link.language):
        action, _colon, number = data.partition(":")
        if action in MEMBER_ACTIONS:
            done = Reply(chat_id=chat_id, callback=query_id)
            return [done, *MEMBER_ACTIONS[action](link, number)]
        draft_id = parse_id(number)
        draft = (
            Draft.objects.select_for_update().filter(link=link, pk=draft_id).first()
            if draft_id
            else None
        )
        done = Reply(chat_id=chat_id, callback=query_id)
        if draft is None or link.user is None:
            done.text = _("This draft is no longer there.")
            return [done]
        if action == "cancel":
            draft.delete()
            return [done, _reply(link, _("Cancelled: the draft is deleted."))]
        if action == "edit":
            draft.editing = True
            draft.save(update_fields=["editing"])
            return [
                done,
                _reply(
                    link,
                    _(
                        "Send the new text: the first line is the title. The photos stay; "
                        "send more if you like."
                    ),
                ),
            ]
        if action == "send":
            return [done, *_submit(link, draft)]
        return [done]


def _submit(link: TelegramLink, draft: Draft) -> list[Reply]:
    title, text = split(draft.messages)
    if not title:
        return [_reply(link, _("Write the text first: the first line is the title."))]
    try:
        uploads = [
            SimpleUploadedFile(_("photo %(n)s") % {"n": n}, _download(file_id))
            for n, file_id in enumerate(draft.photos, start=1)
        ]
    except NetworkError as error:
        if error.code == "file_too_large":
            return [_reply(link, _too_large())]
        log.warning("telegram bot: a photo could not be downloaded (%s)", error.code)
        return [
            _reply(link, _("Telegram did not give the photos just now: press «Send» again later."))
        ]
    data = material_services.SubmissionData(
        title=title,
        text=text,
        event_date=event_date("\n".join(draft.messages), timezone.localdate()),
        consent=True,  # confirmed by the button, as the summary says
    )
    try:
        submission = material_services.submission_create(user=link.user, data=data, uploads=uploads)
    except Refused as refusal:
        return [_reply(link, str(refusal))]
    draft.delete()
    return [
        _reply(
            link,
            _("Sent for review: «%(title)s». The bot tells you when the press service decides.")
            % {"title": submission.title},
            buttons=api.keyboard(
                [[(_("Open on the portal"), settings.SITE_URL + submission.get_absolute_url())]]
            ),
        )
    ]


def _download(file_id: str) -> bytes:
    found = api.get_file(token=token(), file_id=file_id)
    if (found.get("file_size") or 0) > api.FILE_LIMIT:
        raise NetworkError("file_too_large")
    return api.download(token=token(), file_path=str(found["file_path"]))


# --- Members: /ask and /surveys ------------------------------------------------------


def _region_of(link: TelegramLink) -> Region | None:
    """The member's region: a linked person's from their account, else the one
    they chose in the bot."""
    user = link.user
    if user is not None:
        if user.region_id:
            return user.region
        if user.branch_id:
            return user.branch.region
    return link.region


def _choose_region(link: TelegramLink, purpose: str) -> Reply:
    regions = list(Region.objects.order_by("name").values_list("pk", "short_name", "name"))
    buttons = [(short or name, f"region:{pk}.{purpose}") for pk, short, name in regions]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return _reply(
        link, _("Which regional organisation are you a member of?"), buttons=api.keyboard(rows)
    )


def _ask(link: TelegramLink, rest: str) -> list[Reply]:
    region = _region_of(link)
    if region is None:
        return [_choose_region(link, "ask")]
    return [_choose_topic(link, region)]


def _choose_topic(link: TelegramLink, region: Region) -> Reply:
    topics = [(str(label), f"topic:{value}") for value, label in Question.Topic.choices]
    rows = [topics[i : i + 2] for i in range(0, len(topics), 2)]
    if link.user is None:
        rows.append([(_("Another region"), "regions:ask")])
    rows.append([(_("Cancel"), "askcancel:")])
    return _reply(
        link,
        _("A question to %(region)s. Choose its topic:") % {"region": region.name},
        buttons=api.keyboard(rows),
    )


def _region_chosen(link: TelegramLink, data: str) -> list[Reply]:
    number, _dot, purpose = data.partition(".")
    region_id = parse_id(number)
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    if region is None:
        return [_choose_region(link, purpose)]
    link.region = region
    link.save(update_fields=["region"])
    if purpose == "surveys":
        return _surveys(link, "")
    return [_choose_topic(link, region)]


def _regions(link: TelegramLink, purpose: str) -> list[Reply]:
    return [_choose_region(link, purpose)]


def _topic_chosen(link: TelegramLink, topic: str) -> list[Reply]:
    if topic not in Question.Topic.values or _region_of(link) is None:
        return _ask(link, "")
    link.ask_topic, link.ask_started_at = topic, timezone.now()
    link.save(update_fields=["ask_topic", "ask_started_at"])
    return [
        _reply(
            link,
            _(
                "Write your question in one message (at most %(n)s characters). Describe "
                "the situation; do not write other people's personal data."
            )
            % {"n": QUESTION_MAX},
        )
    ]


def _ask_cancel(link: TelegramLink, rest: str) -> list[Reply]:
    link.ask_topic, link.ask_started_at = "", None
    link.save(update_fields=["ask_topic", "ask_started_at"])
    return [_reply(link, _("The question is not sent."))]


def _asking(link: TelegramLink) -> bool:
    fresh = timezone.now() - datetime.timedelta(minutes=ASK_MINUTES)
    return bool(link.ask_topic) and link.ask_started_at is not None and link.ask_started_at > fresh


def _ask_text(link: TelegramLink, message: dict) -> list[Reply]:
    text = clean_text(message.get("text") or message.get("caption") or "", QUESTION_MAX + 1)
    if not text:
        return [_reply(link, _("Write the question as text."))]
    if len(text) > QUESTION_MAX:
        return [
            _reply(
                link,
                _("The question is longer than %(n)s characters: shorten it and send again.")
                % {"n": QUESTION_MAX},
            )
        ]
    person = message.get("from") or {}
    data = question_services.AskData(
        region=_region_of(link),
        topic=link.ask_topic,
        text=text,
        name=clean_text(person.get("first_name") or "", 100),
    )
    try:
        # The web form's limits, counted per Telegram user instead of per address.
        question = question_services.question_ask(data=data, address=f"telegram:{link.telegram_id}")
    except question_services.TooManyQuestions:
        return [
            _reply(
                link,
                _(
                    "You have asked %(n)s questions in the last hour already: please send "
                    "this one later."
                )
                % {"n": question_services.ASK_LIMIT},
            )
        ]
    except Refused as refusal:
        return [_reply(link, str(refusal))]
    TelegramQuestion.objects.create(question=question, link=link)
    link.ask_topic, link.ask_started_at = "", None
    link.save(update_fields=["ask_topic", "ask_started_at"])
    return [
        _reply(
            link,
            _(
                "Your question %(reference)s is sent to the press service of %(region)s. "
                "The answer comes here."
            )
            % {"reference": question.reference, "region": question.region.name},
        )
    ]


def _surveys(link: TelegramLink, rest: str) -> list[Reply]:
    region = _region_of(link)
    if region is None:
        return [_choose_region(link, "surveys")]
    today = timezone.localdate()
    found = list(
        Survey.objects.filter(
            Q(region=region) | Q(region__isnull=True),
            closed_at__isnull=True,
            opens_on__lte=today,
            closes_on__gte=today,
        ).order_by("closes_on", "pk")[:SURVEYS_SHOWN]
    )
    if not found:
        return [_reply(link, _("%(region)s has no open surveys now.") % {"region": region.name})]
    lines = [_("Open surveys of %(region)s:") % {"region": region.name}]
    rows = []
    for survey in found:
        title = survey.title(link.language)
        lines.append(
            _("• %(title)s (until %(date)s)")
            % {"title": title, "date": dates.format_day(survey.closes_on)}
        )
        rows.append([(title[:60], survey.public_url())])
    return [_reply(link, "\n".join(lines), buttons=api.keyboard(rows))]


MEMBER_ACTIONS: dict[str, Callable[[TelegramLink, str], list[Reply]]] = {
    "region": _region_chosen,
    "regions": _regions,
    "topic": _topic_chosen,
    "askcancel": _ask_cancel,
}


def answer_queue(*, question: Question) -> bool:
    """An answered question asked in the bot: its answer goes to the asker's chat,
    once (the outbox key). True if it was queued now."""
    asked = TelegramQuestion.objects.select_related("link").filter(question=question).first()
    if asked is None or not question.answer or question.closure == Question.Closure.SPAM:
        return False
    with translation.override(asked.link.language):
        text = (
            _("The answer to your question %(reference)s:") % {"reference": question.reference}
            + "\n\n"
            + question.answer
        )
    outbox.queue_message(key=f"question-answer:{question.pk}", link=asked.link, text=text)
    asked.delete()
    return True


def question_saved(sender, instance: Question, **kwargs) -> None:
    if instance.answer and instance.status != Question.Status.NEW:
        answer_queue(question=instance)


# --- Housekeeping ---------------------------------------------------------------------

# Telegram keeps an update 24 hours: an id older than this cannot come again.
KEEP_UPDATES = datetime.timedelta(days=7)
KEEP_CODES = datetime.timedelta(days=1)
# A draft nobody sent or cancelled in a month is forgotten.
KEEP_DRAFTS = datetime.timedelta(days=30)
# A message's text (a notification, an answer to someone's question) is kept
# this long after it was sent or given up, then deleted.
KEEP_MESSAGES = datetime.timedelta(days=90)


@transaction.atomic
def bot_tidy(*, now: datetime.datetime) -> dict[str, int]:
    """Delete what the bot no longer needs; the counts deleted."""
    newest = ProcessedUpdate.objects.order_by("-pk").values_list("pk", flat=True).first()
    updates = (
        ProcessedUpdate.objects.filter(at__lt=now - KEEP_UPDATES)
        .exclude(pk=newest)  # the poll's offset is read from it
        .delete()[0]
    )
    codes = LinkCode.objects.filter(created_at__lt=now - KEEP_CODES).delete()[0]
    drafts = Draft.objects.filter(created_at__lt=now - KEEP_DRAFTS).delete()[0]
    messages = TelegramMessage.objects.filter(
        Q(sent_at__lt=now - KEEP_MESSAGES) | Q(failed_at__lt=now - KEEP_MESSAGES)
    ).delete()[0]
    return {"updates": updates, "codes": codes, "drafts": drafts, "messages": messages}
