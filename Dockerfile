# syntax=docker/dockerfile:1
#
# Two stages on the same base:
#   build    all dependencies, compiles TypeScript to dist/. docker-compose's `migrate` service runs
#            from this stage, because `npm run migrate` / `seed:metadata` run `tsc` first.
#   runtime  production dependencies and dist/ only; what the `api` service runs.
#
#   docker build -t crm-gateway .                  # runtime image (the last stage)
#   docker build --target build -t crm-gateway:build .

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is reused until they change.
COPY package.json package-lock.json ./
# The `node` devDependency installs a Node 24 binary into node_modules/.bin (the CI machines need it).
# Here it is redundant with the base image's Node 24, but harmless, and `npm ci` needs the whole lock.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev also leaves out the `node` devDependency: the base image already has Node 24.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# Read at run time by the metadata seed (dist/seeds/... looks in ../../seeds/reference-data).
COPY seeds/reference-data ./seeds/reference-data
# Without DATABASE_URL the gateway uses embedded PGlite under ./.data: let the unprivileged user write it.
RUN mkdir -p .data && chown node:node .data
USER node
ENV HOST=0.0.0.0 \
    PORT=4000
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
