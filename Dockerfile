# Production image: build with dev dependencies, run compiled JS with production ones only.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim
# tini is PID 1: it forwards SIGTERM to node and reaps zombies. No npm in the
# signal path, so SIGTERM reaches the server, which drains and exits 0.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY app.yml ./
COPY schema ./schema
USER node
EXPOSE 3000
# Liveness. Readiness (503 while draining or when Redis is down) is GET /readyz,
# for an orchestrator's readiness probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains for up to 25 s (COUNTERSIGN_DRAIN_MS); give the container longer
# than that before SIGKILL (docker stop -t 30, terminationGracePeriodSeconds: 30).
STOPSIGNAL SIGTERM
# The server by default; a command word runs the CLI on the mounted repository:
#   docker run --rm -v "$PWD:/repo" -w /repo IMAGE validate
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/lib/start.js"]
CMD []
