# syntax=docker/dockerfile:1
# WIE auth service (gRPC on 50051). Build with the repository root as context:
#   docker build -f deploy/docker/auth.Dockerfile -t wie/auth:local .
# `docker run wie/auth:local` serves; `docker run wie/auth:local migrate` runs migrations + seeds once.

# --- build: a venv with the service, its pinned dependencies and the compiled protos -------------------
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY constraints.txt ./
COPY protos/ protos/
COPY libs/common/ libs/common/
COPY libs/protos/build.py libs/protos/build.py
COPY services/auth/ services/auth/
# Versions come from the root constraints file; grpcio-tools only compiles the protos and is removed after.
# The generated stubs go into site-packages itself (build.py's .pth would point at /src, absent later).
RUN pip install --no-cache-dir -c constraints.txt ./libs/common ./services/auth grpcio-tools \
    && python libs/protos/build.py \
    && SITE="$(python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    && rm "$SITE/wie_protos.pth" \
    && cp -r libs/protos/wie "$SITE/wie" \
    && python -m compileall -q "$SITE/wie" \
    && pip uninstall --yes grpcio-tools \
    && python -c "import auth_service.__main__"

# --- runtime: the venv only, as a non-root user --------------------------------------------------------
FROM python:3.11-slim AS runtime
LABEL org.opencontainers.image.title="wie-auth" \
      org.opencontainers.image.description="Warehouse Intelligence Engine: auth gRPC service"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    GRPC_HOST=0.0.0.0 \
    GRPC_PORT=50051
RUN groupadd --gid 10001 wie \
    && useradd --no-log-init --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin wie
COPY --from=build /opt/venv /opt/venv
COPY deploy/docker/healthcheck.py /opt/wie/healthcheck.py
WORKDIR /opt/wie
USER 10001:10001
EXPOSE 50051
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "/opt/wie/healthcheck.py", "grpc"]
ENTRYPOINT ["python", "-m", "auth_service"]
CMD ["serve"]
