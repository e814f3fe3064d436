# factbot: the Slack app with a fact store built from seeds/ at image build time.
# A broken article fails this build (python -m facts build exits non-zero), never the running bot.

# -- build: install the pinned dependencies, then the project, then build the store -----------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# requirements.lock (scripts/lock) pins every dependency of the library and the `slack` extra
# with its hashes, so two builds install the same files; the project itself adds none.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md LICENSE ./
COPY facts ./facts
COPY bot ./bot
RUN pip install --no-deps .
COPY seeds ./seeds
# The same command CI and deploy scripts run; it writes the store atomically.
# Then a first question: the store answers, and the compiled patterns and parsed data it
# leaves in the package (facts/kept.py) spare the running bot, which cannot write there.
RUN python -m facts build seeds --out /app/var/facts.sqlite \
    && python -m facts ask --store /app/var/facts.sqlite "What is Meituan's market cap?" >/dev/null

# -- runtime: the virtualenv, the seeds and the built store, run as a non-root user ----------
FROM python:3.11-slim AS runtime
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PATH=/opt/venv/bin:$PATH \
    FACTS_STORE=/app/var/facts.sqlite FACTS_SEEDS=/app/seeds PORT=3000
RUN groupadd --system --gid 10001 factbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin factbot
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=10001:10001 /app/seeds ./seeds
COPY --from=build --chown=10001:10001 /app/var ./var
# Numeric, so that the host and Kubernetes' runAsNonRoot can tell it is not root (DL3066).
USER 10001:10001
EXPOSE 3000
# /healthz answers in both modes (in Socket Mode it also reports the Slack connection).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
STOPSIGNAL SIGTERM
CMD ["python", "-m", "bot"]
