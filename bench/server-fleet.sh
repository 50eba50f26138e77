#!/usr/bin/env bash
# Fleet server at scale (see bench/server-fleet.ts): 1,000 simulated agents x 50 containers against one
# server on loopback, with a private Redis. Targets: event -> browser p95 < 500 ms, list p95 < 200 ms,
# RSS < 1 GiB. BENCH_HOSTS / BENCH_CONTAINERS shrink it for a quick run.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f dist/apps/server/main.js ]] || node scripts/build.mjs server
mkdir -p bench/results
WORK=$(mktemp -d /tmp/wharf-bench-fleet-XXXX)
REDIS_PID=
cleanup() {
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
npx --no-install esbuild bench/server-fleet.ts --bundle --platform=node --target=node20 --packages=external \
  --tsconfig=tsconfig.base.json --outfile="$WORK/server-fleet.js" --log-level=warning
# The simulated agents hold many TLS sockets in this process.
ulimit -n 20000 2>/dev/null || true
BENCH_ROOT=$PWD NODE_PATH=$PWD/node_modules BENCH_REDIS_URL="redis://127.0.0.1:$port" node "$WORK/server-fleet.js"
