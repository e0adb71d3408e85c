# syntax=docker/dockerfile:1
# One image for every app process: gunicorn (the default command), the Celery worker and Celery beat
# (docker-compose.yml overrides the command). Configuration comes from the environment at run time;
# nothing secret is baked in.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    APCOMMISSION_DATA_DIR=/data \
    WEB_CONCURRENCY=2

# WeasyPrint renders PDFs with Pango (and HarfBuzz for font subsetting); it needs fonts to draw with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

# A fixed numeric id, so orchestrators can check runAsNonRoot and volumes have a predictable owner.
# The home directory is writable for caches (fontconfig) and gunicorn's control socket.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so a code change does not reinstall them.
# `[tool.setuptools] py-modules = []`: this installs the pinned dependencies, not the project itself.
COPY pyproject.toml ./
RUN pip install --no-cache-dir . \
    && rm -rf build apcommission.egg-info

# The code stays owned by root: the app user can read it but not change it.
COPY . .

# Hashed, compressed static files for WhiteNoise. Settings refuse to load in production mode without
# these variables; the values are throwaway and exist only for this command (not in the image's ENV).
RUN SECRET_KEY=collectstatic-only MFA_ENCRYPTION_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    APCOMMISSION_PRODUCTION=1 ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://unused/unused EMAIL_URL=smtp://unused:25 PRIVATE_MEDIA_ROOT=/data/private-media \
    python manage.py collectstatic --noinput

# Evidence documents (PRIVATE_MEDIA_ROOT) and beat's schedule file. Created here so named volumes
# mounted on them start out owned by the app user.
RUN mkdir -p /data/private-media /data/beat && chown -R app:app /data

USER 10001:10001

EXPOSE 8000

# Worker processes: $WEB_CONCURRENCY (gunicorn reads it), 2 unless set at run time.
CMD ["gunicorn", "apcommission.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--logger-class", "apcommission.request_log.AccessLogger"]
