# syntax=docker/dockerfile:1
#
# The Slack bot (`npm start`), as an image: the compiled JavaScript and the production dependencies, nothing else; run
# as the unprivileged `node` user (uid 1000) with node itself as PID 1, so that the SIGTERM of `docker stop` or a
# Kubernetes rollout reaches the bot, which then finishes or stops its running changes at a step boundary, posts
# their results and exits 0 (set the grace with OSS_DOMAINS_SHUTDOWN_GRACE, below the platform's stop timeout).
#
#   docker build -t oss-domains-bot .
#   docker run --env-file bot.env -p 3000:3000 oss-domains-bot
#
# The base image is the official Node.js 24 image (Node 24 is what CI tests besides Node 20); pin it by digest
# (node:24-trixie-slim@sha256:…) in your own registry for reproducible builds.
ARG NODE_IMAGE=node:24-trixie-slim

# 1. Compile the TypeScript (needs the dev dependencies: the compiler).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are copied; no dependency needs its install script.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bot ./bot
RUN npx tsc -p tsconfig.build.json

# 2. The production dependencies only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# 3. The image: no compiler, no dev dependency, no source, no npm process in between.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# package.json says "type": "module", which the compiled files need.
COPY --chown=root:root package.json ./
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/build/src ./build/src
COPY --from=build --chown=root:root /app/build/bot ./build/bot
# The files belong to root and cannot be changed by the process; it runs as `node`, by uid so that Kubernetes'
# runAsNonRoot can check it.
USER 1000:1000
# HTTP mode: Slack's requests and /healthz. Socket Mode: /healthz only.
EXPOSE 3000
# The image has no curl: node asks. 503 while starting, while shutting down, and when Socket Mode has lost Slack.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT||3000}/healthz`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "build/bot/app.js"]
