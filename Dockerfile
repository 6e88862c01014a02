# APCrew: one image for web, worker and beat (the command differs).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries and the fonts call sheets and reports are set in.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1 \
      fonts-dejavu-core fonts-liberation2 fonts-inter fonts-courier-prime \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 apcrew
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# Collected with the production storage (hashed names + compressed copies).
RUN DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && mkdir -p /app/var && chown -R apcrew /app/var
USER apcrew

EXPOSE 8000
CMD ["gunicorn", "apcrew.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
