# syntax=docker/dockerfile:1
# Steward's image: one image, two roles chosen by command.
#   web:    node --enable-source-maps dist/src/app/service.js   (the default CMD)
#   worker: node --enable-source-maps dist/src/app/worker.js
# The Node major here, "engines" in package.json and the README name the same version.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Compile TypeScript to dist/ (needs the dev dependencies: typescript).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
COPY handlers ./handlers
COPY approvals ./approvals
COPY docs/sample-knowledge ./docs/sample-knowledge
COPY docs/examples ./docs/examples
RUN npm run build

# 2. Production dependencies only, from the same lock file.
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. What runs: dist/, production node_modules and package.json (for "type": "module"); no
#    sources, tests or tools. Files stay owned by root and read-only to the process.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness of the web role on its main port. The worker role serves no HTTP: compose and ECS
# switch this check off for it (ECS ignores image health checks and defines its own).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/src/app/service.js"]
