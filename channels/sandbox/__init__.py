"""A local stand-in for the networks, answering as their APIs do, with the
report's pages (`manage.py channels_sandbox`).

Graph API under ``/graph/v26.0``, the Bot API under ``/telegram``, a site's
RSS feed at ``/feed/vko.xml``, Facebook Login's dialog at ``/dialog/oauth``
(it agrees at once and sends back a code; ``/oauth/access_token`` and
``/me/accounts`` answer the exchange with the regional pages). Posts the
portal publishes (Telegram's ``sendMessage``/``sendPhoto``/``sendMediaGroup``;
Graph's ``/{page}/feed``, ``/{page}/photos``, ``/{ig}/media`` and
``/{ig}/media_publish``) are remembered, listed among the page's posts and
shown at ``/``. Reach: the posts' fields and insights (Graph's field
expansion, ``/{media}/insights``, a page's ``/insights`` by day) and the
channel's public preview page under ``/tme/s/vko_profsoyuz`` answer with
figures that grow in a post's first days and move a little from day to day
(evening posts reach more). Any token starting with ``sandbox`` is accepted;
``sandbox-revoked`` is refused as a revoked token would be, so the «expired»
path can be tried by hand. Posts are dated relative to today, so a lively page
stays lively whenever the sandbox runs.

A module per concern:

- ``fakes`` — its addresses and tokens, the report's pages and their posts'
  figures;
- ``state`` — what the portal published to it (shared by the server's threads);
- ``replies`` — answers in the networks' shapes (JSON, Graph's and Telegram's errors);
- ``graph`` — the Graph API (pages, posts, insights, publishing);
- ``login`` — Facebook Login (the dialog, the token exchange, the user's pages);
- ``telegram`` — the Bot API for the channel (measuring, publishing, editing);
- ``preview`` — the channel's public page (t.me/s/…);
- ``feed`` — a site's RSS feed;
- ``bot_api`` — the union's bot: the Bot API as the bot sees it, and the person it talks to;
- ``views`` — the sandbox's own pages for a person (``/``, ``/bot``);
- ``server`` — the HTTP server routing each address to the above.
"""
