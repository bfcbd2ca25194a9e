"""Telegram's webhook: the updates of the union's bot, when the portal has an
https address (otherwise `manage.py telegram_bot` polls and this is 404)."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services

MAX_BODY = 1024 * 1024  # an update is a few kilobytes; a file comes by getFile


def webhook_secret() -> str:
    """The `secret_token` given to setWebhook: the setting, or one derived from
    SECRET_KEY and the bot's token (letters, digits, _ and -, as Telegram asks)."""
    if settings.TELEGRAM_WEBHOOK_SECRET:
        return settings.TELEGRAM_WEBHOOK_SECRET
    material = f"telegram-webhook:{settings.SECRET_KEY}:{settings.TELEGRAM_BOT_TOKEN}"
    return hashlib.sha256(material.encode()).hexdigest()


def webhook_enabled() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN) and settings.SITE_URL.startswith("https://")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    if not webhook_enabled():
        raise Http404
    # The header before the body: a caller without the secret makes the
    # portal read nothing.
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), webhook_secret().encode()):
        return HttpResponseForbidden()
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return HttpResponse(status=413)
    try:
        update = json.loads(request.body)
    except ValueError:
        return HttpResponse(status=400)
    if isinstance(update, dict):
        services.update_handle(update)
    return HttpResponse("ok")
