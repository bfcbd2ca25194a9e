"""The portal's infrastructure: what every app leans on but no member sees — the
cache, the broker and the outbox, health and metrics, backups, uploads and
images, tables, icons and stylesheets, the login's locks."""
