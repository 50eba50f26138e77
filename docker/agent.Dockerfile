# wharfd, the engine + agent. It IS a container engine, so it needs the host's kernel interfaces:
#   docker run -d --name wharfd --privileged --pid host --network host --cgroupns host \
#     -v /var/lib/wharf:/var/lib/wharf -v /run/wharf:/run/wharf -v /sys/fs/cgroup:/sys/fs/cgroup \
#     -e WHARF_SERVER_URL=https://server:9443 -e WHARF_JOIN_TOKEN=WHARF-1-... wharf/agent
# Build from the repository root:  docker build -f docker/agent.Dockerfile -t wharf/agent .
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=optional
COPY . .
RUN node scripts/build.mjs agent

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends runc crun conmon nftables iproute2 procps kmod tar ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/wharf
ENV WHARF_DATA_DIR=/var/lib/wharf
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/apps/agent ./dist/apps/agent
VOLUME /var/lib/wharf
CMD ["node", "dist/apps/agent/main.js", "run"]
