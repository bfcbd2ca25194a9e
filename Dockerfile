# The image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles \
    PROFINFO_VAR_DIR=/data/var

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Translations and static files are built into the image by the same
# command a bare server runs (the web container migrates when it starts); the
# key is a throw-away one, used only by this build step.
RUN DEBUG=0 SECRET_KEY=image-build-only python manage.py prepare_release --no-migrate \
    && useradd --system --uid 1000 profinfo \
    && mkdir -p /data/media /data/var \
    && chown -R profinfo /data

USER profinfo
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
