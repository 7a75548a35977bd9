# syntax=docker/dockerfile:1
# subtext runs its TypeScript directly (Node strips the types), so there is no build step: one stage
# installs the production dependencies, the other is the image that runs. The same image serves
# every role: `node src/main.ts all` (default), `web`, or `worker [--pools=…]`.
# tests/production-install.test.ts replays this file's COPY and RUN lines of the deps stage and
# starts the app from the result, so keep them plain enough for it to read.
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Fixes to dependencies that npm ci applies (postinstall: patch-package); see patches/.
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund
# googleapis ships a client for every Google API (~240 MB); subtext loads only YouTube's
# (src/youtube/data-api.ts imports it by path). typescript comes along as an optional peer of
# cosmiconfig, which graphile-worker's CLI uses to read config files; Node strips our types itself.
RUN find node_modules/googleapis/build/src/apis -mindepth 1 -maxdepth 1 ! -name youtube -exec rm -rf {} + \
  && rm -rf node_modules/typescript node_modules/@typescript

FROM ${NODE_IMAGE}
# DATABASE_URL is expected in production; without it the app starts an embedded PostgreSQL under DATA_DIR.
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY migrations ./migrations
COPY views ./views
COPY src ./src
# The code stays root-owned and read-only to the app; only DATA_DIR (demo secrets, embedded database) is writable.
RUN mkdir -p /data && chown 1000:1000 /data
# The image's `node` user, by number, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
# Healthy when the database answers and migrations are current. Worker-only containers serve no
# HTTP: run them with --no-healthcheck (compose: `healthcheck: { disable: true }`).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "src/main.ts", "all"]
