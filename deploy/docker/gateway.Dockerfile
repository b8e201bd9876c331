# syntax=docker/dockerfile:1
# WIE gateway (HTTP on 8000, the only public surface). Build with the repository root as context:
#   docker build -f deploy/docker/gateway.Dockerfile -t wie/gateway:local .

# --- console: the web console built into static files (no Node process runs in the image) --------------
FROM node:20-slim AS console
WORKDIR /console
COPY console/package.json console/package-lock.json console/.npmrc ./
RUN npm ci --no-audit --no-fund
COPY console/ ./
RUN npm run build

# --- build: a venv with the gateway, its pinned dependencies and the compiled protos -------------------
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY constraints.txt ./
COPY protos/ protos/
COPY libs/common/ libs/common/
COPY libs/protos/build.py libs/protos/build.py
COPY gateway/ gateway/
# Versions come from the root constraints file; grpcio-tools only compiles the protos and is removed after.
# The generated stubs go into site-packages itself (build.py's .pth would point at /src, absent later).
RUN pip install --no-cache-dir -c constraints.txt ./libs/common ./gateway grpcio-tools \
    && python libs/protos/build.py \
    && SITE="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    && rm "$SITE/wie_protos.pth" \
    && cp -r libs/protos/wie "$SITE/wie" \
    && python -m compileall -q "$SITE/wie" \
    && pip uninstall --yes grpcio-tools \
    && python -c "import wie_gateway.app"

# --- runtime: the venv only, as a non-root user --------------------------------------------------------
FROM python:3.11-slim AS runtime
LABEL org.opencontainers.image.title="wie-gateway" \
      org.opencontainers.image.description="Warehouse Intelligence Engine: REST gateway (/api/v1)"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HTTP_HOST=0.0.0.0 \
    PORT=8000 \
    CONSOLE_DIR=/opt/wie/console
RUN groupadd --gid 10001 wie \
    && useradd --no-log-init --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin wie
COPY --from=build /opt/venv /opt/venv
COPY --from=console /console/dist /opt/wie/console
COPY deploy/docker/healthcheck.py /opt/wie/healthcheck.py
WORKDIR /opt/wie
USER 10001:10001
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/opt/wie/healthcheck.py", "http"]
ENTRYPOINT ["python", "-m", "wie_gateway"]
