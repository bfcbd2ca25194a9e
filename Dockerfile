# The image for web, worker and beat (see docker-compose.yml).
#
# The same Debian release as the compose database (postgres:16-bookworm), and
# pg_dump/pg_restore of the database's major version from apt.postgresql.org,
# where the official postgres image takes its own: `manage.py backup` dumps
# the server with a client of exactly its version (an older pg_dump refuses a
# newer server). PG_MAJOR must name the server's major version; compose
# passes the one its `db` service runs.
FROM python:3.11-slim-bookworm

ARG PG_MAJOR=16

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles \
    PROFINFO_VAR_DIR=/data/var \
    BACKUP_DIR=/data/backups

RUN set -eux; \
    install -d /usr/share/postgresql-common/pgdg; \
    python -c "import urllib.request; urllib.request.urlretrieve('https://www.postgresql.org/media/keys/ACCC4CF8.asc', '/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc')"; \
    . /etc/os-release; \
    echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list; \
    apt-get update; \
    apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}"; \
    rm -rf /var/lib/apt/lists/*; \
    pg_dump --version | grep -q " ${PG_MAJOR}\."

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Translations and static files are built into the image by the same command
# a bare server runs; the web container runs it again when it starts, to
# migrate (the rest is then already up to date). The key is a throw-away one,
# used only by this build step.
RUN DEBUG=0 SECRET_KEY=image-build-only python manage.py prepare_release --no-migrate \
    && useradd --system --uid 1000 profinfo \
    && mkdir -p /data/media /data/var /data/backups \
    && chown -R profinfo /data /app/staticfiles /app/locale

USER profinfo
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
