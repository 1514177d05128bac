# Production image: gunicorn behind whatever proxy the county runs; static files by whitenoise.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings

# gettext compiles the translations; LibreOffice (optional, large) would add .doc/.wps support:
# add libreoffice-writer-nogui to this line to accept those formats.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY config ./config
COPY reports ./reports
COPY reviews ./reviews
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY manage.py gunicorn.conf.py ./

RUN pip install --no-cache-dir '.[s3]' \
 && DEBUG=1 python manage.py compilemessages -v0 \
 && DEBUG=1 python manage.py collectstatic --no-input -v0 \
 && useradd --system --home-dir /app nianbao \
 && mkdir -p /app/var/media && chown -R nianbao /app/var

USER nianbao
EXPOSE 8000
VOLUME ["/app/var/media"]

CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn config.wsgi:application"]
