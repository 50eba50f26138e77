#!/usr/bin/env bash
# wharfd against the bare runtime, side by side in one run (ratios, not absolute times):
#   1. `docker run --rm --network none busybox true` through wharfd vs `runc run` of the same bundle
#      (target: at most 6x the bare runtime's median)
#   2. `run -d` of 50 containers in sequence (mean per container)
#   3. `docker ps -a` with 500 containers vs with none (target: under 2x)
#   4. wharfd RSS idle and with 100 running containers (target: idle under 80 MiB)
# Needs root. Installs hyperfine if missing. Cleans up everything it creates.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "run as root"; exit 1; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[[ -f dist/apps/agent/main.js ]] || node scripts/build.mjs agent

WORK=$(mktemp -d /tmp/wharf-bench-XXXX)
EXEC_ROOT=$(mktemp -d /run/wharf-bench-XXXX)
export DOCKER_HOST=unix://$WORK/docker.sock
RESULTS=bench/results/engine-run.json
mkdir -p bench/results
ENGINE_PID=
cleanup() {
  docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
  [[ -n $ENGINE_PID ]] && kill "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true
  for m in $(awk -v w="$WORK" -v e="$EXEC_ROOT" '$5 ~ "^"w || $5 ~ "^"e {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m" || true; done
  find /sys/fs/cgroup -maxdepth 2 -type d -name 'wharf-bench-*' -exec sh -c 'find "$1" -depth -type d -exec rmdir {} \; 2>/dev/null' _ {} \; || true
  rm -rf "$WORK" "$EXEC_ROOT"
}
trap cleanup EXIT

# The same busybox root filesystem for both sides.
mkdir -p "$WORK/bundle/rootfs/bin" "$WORK/bundle/rootfs/etc" "$WORK/bundle/rootfs/proc" "$WORK/bundle/rootfs/dev" "$WORK/bundle/rootfs/sys" "$WORK/bundle/rootfs/tmp"
cp /bin/busybox "$WORK/bundle/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do [[ $applet == busybox ]] || ln -sf busybox "$WORK/bundle/rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$WORK/bundle/rootfs/etc/passwd"
echo 'root:x:0:' > "$WORK/bundle/rootfs/etc/group"
tar -C "$WORK/bundle/rootfs" -cf "$WORK/rootfs.tar" .
(cd "$WORK/bundle" && runc spec)
node -e "
const f = process.argv[1]; const s = JSON.parse(require('fs').readFileSync(f, 'utf8'));
s.process.terminal = false; s.process.args = ['/bin/true']; s.linux.cgroupsPath = '/wharf-bench-runc/x';
require('fs').writeFileSync(f, JSON.stringify(s));" "$WORK/bundle/config.json"

WHARF_DATA_DIR=$WORK/data WHARF_DOCKER_SOCKET=$WORK/docker.sock WHARF_EXEC_ROOT=$EXEC_ROOT \
  WHARF_CGROUP_PARENT=wharf-bench-$$ WHARF_ENGINE_CONFIG=$WORK/daemon.json WHARF_LOG_LEVEL=warn \
  node dist/apps/agent/main.js engine > "$WORK/engine.log" 2>&1 &
ENGINE_PID=$!
for _ in $(seq 100); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
docker import "$WORK/rootfs.tar" busybox:latest >/dev/null
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$ENGINE_PID/status"; }
RSS_IDLE=$(rss)

echo "-- run --rm true: wharfd vs bare runc"
# Each runc run needs a fresh container id, hence the shell's $(date) in the command.
hyperfine --warmup 3 --runs 30 --export-json "$WORK/run.json" \
  -n wharfd "docker run --rm --network none busybox true" \
  -n runc "runc --root $EXEC_ROOT/bare run --bundle $WORK/bundle bench-\$(date +%s%N)" >/dev/null

echo "-- ps -a with no containers"
hyperfine --warmup 3 --runs 20 --export-json "$WORK/ps0.json" "docker ps -a" >/dev/null

echo "-- run -d of 50 containers in sequence"
start=$(date +%s%N)
for i in $(seq 50); do docker run -d --network none busybox sleep 600 >/dev/null; done
RUN_D_MS=$(( ($(date +%s%N) - start) / 50000000 ))

for i in $(seq 50); do docker run -d --network none busybox sleep 600 >/dev/null; done
RSS_100=$(rss)

echo "-- ps -a with 500 containers"
for i in $(seq 400); do docker create --network none busybox true >/dev/null; done
hyperfine --warmup 3 --runs 20 --export-json "$WORK/ps500.json" "docker ps -a" >/dev/null

node -e "
const fs = require('fs');
const med = (f, i = 0) => JSON.parse(fs.readFileSync(f, 'utf8')).results[i].median * 1000;
const run = { wharfd: med('$WORK/run.json', 0), runc: med('$WORK/run.json', 1) };
const ps = { none: med('$WORK/ps0.json'), five_hundred: med('$WORK/ps500.json') };
const out = {
  date: new Date().toISOString(),
  run_rm_true_ms: run, run_ratio: +(run.wharfd / run.runc).toFixed(2), run_target_ratio: 6,
  run_d_mean_ms: $RUN_D_MS,
  ps_a_ms: ps, ps_ratio: +(ps.five_hundred / ps.none).toFixed(2), ps_target_ratio: 2,
  rss_mib: { idle: $RSS_IDLE, with_100_running: $RSS_100 }, rss_idle_target_mib: 80,
};
fs.writeFileSync('$RESULTS', JSON.stringify(out, null, 2));
const row = (a, b, c, d) => console.log(a.padEnd(34) + String(b).padStart(12) + String(c).padStart(12) + '  ' + d);
row('measure', 'wharf', 'reference', 'ratio (target)');
row('run --rm true (median ms)', run.wharfd.toFixed(1), run.runc.toFixed(1) + ' runc', out.run_ratio + 'x (<= 6x)');
row('ps -a, 500 vs 0 containers (ms)', ps.five_hundred.toFixed(1), ps.none.toFixed(1), out.ps_ratio + 'x (< 2x)');
row('run -d, mean of 50 (ms)', $RUN_D_MS, '', '');
row('wharfd RSS idle / 100 running (MiB)', $RSS_IDLE, $RSS_100, 'idle < 80 MiB');
"
