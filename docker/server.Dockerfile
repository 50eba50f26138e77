# The Wharf server (REST API, socket.io gateway for agents and browsers, static web UI) in one image.
# Build from the repository root:  docker build -f docker/server.Dockerfile -t wharf/server .
# Run:  docker run -d -p 9443:9443 -v wharf-data:/var/lib/wharf -e REDIS_URL=redis://redis:6379 wharf/server
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/prisma.mjs generate && node scripts/build.mjs server web

FROM node:20-bookworm-slim
WORKDIR /opt/wharf
ENV NODE_ENV=production WHARF_DATA_DIR=/var/lib/wharf
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/prisma ./prisma
VOLUME /var/lib/wharf
EXPOSE 9443
USER node
CMD ["node", "dist/apps/server/main.js"]
