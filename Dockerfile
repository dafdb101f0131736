# syntax=docker/dockerfile:1
# Rusty Socks, standalone server. Build: `docker build -t rusty-socks .`
# Run: `docker run -p 3030:3030 -e RUSTY_SOCKS_JWT_SECRET=<32+ random characters> rusty-socks`
# NODE_ENV=production, so the server refuses to start without a real JWT secret (README: Configuration).
# Node 20 is the version the project is tested on; pass --build-arg NODE_VERSION=22 for a newer one.
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.browser.json ./
COPY scripts/ scripts/
COPY src/ src/
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY deploy/healthcheck.js deploy/pre-stop.js deploy/
# Production dependencies only: Nest and its companions are peer dependencies of the package, and npm
# installs peers, at their locked versions, with the rest.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist/ dist/
# The browser demo's page (served at / when RUSTY_SOCKS_DEMO=true; off by default in production).
COPY demo/ demo/
# The official image's unprivileged user (uid 1000); the app writes nothing to disk.
USER node
EXPOSE 3030
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "deploy/healthcheck.js"]
CMD ["node", "dist/main.js"]
