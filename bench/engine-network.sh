#!/usr/bin/env bash
# wharfd networking, side by side in one run (ratios and differences, not absolute times):
#   1. `docker run --rm busybox true` on the default bridge vs `--network none`
#      (target: the bridge adds at most 15 ms; it adds about 100 ms under dockerd here)
#   2. `run -d` of a container publishing 100 ports vs the same container publishing none
#   3. 200 containers on one user-defined network: DNS lookups of every name at the embedded DNS
#      (p50/p99), against the same queries answered by a bare UDP echo on the same path
# Needs root. Installs hyperfine if missing. Cleans up everything it creates (bridge, table, netns).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || { echo "run as root"; exit 1; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[[ -f dist/apps/agent/main.js ]] || node scripts/build.mjs agent

WORK=$(mktemp -d /tmp/wharf-nbench-XXXX)
EXEC_ROOT=$(mktemp -d /run/wharf-nbench-XXXX)
TAG=$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')
BRIDGE=whb$TAG
TABLE=wharf_bench_$TAG
export DOCKER_HOST=unix://$WORK/docker.sock
RESULTS=bench/results/engine-network.json
mkdir -p bench/results
ENGINE_PID=
BENCH_BRIDGE=
cleanup() {
  docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker network prune -f >/dev/null 2>&1 || true
  [[ -n $ENGINE_PID ]] && kill "$ENGINE_PID" 2>/dev/null && wait "$ENGINE_PID" 2>/dev/null || true
  for m in $(awk -v w="$WORK" -v e="$EXEC_ROOT" '$5 ~ "^"w || $5 ~ "^"e {print $5}' /proc/self/mountinfo | sort -r); do umount -l "$m" || true; done
  find /sys/fs/cgroup -maxdepth 2 -type d -name "wharf-nbench-$$" -exec sh -c 'find "$1" -depth -type d -exec rmdir {} \; 2>/dev/null' _ {} \; || true
  ip link del "$BRIDGE" 2>/dev/null || true
  [[ -n $BENCH_BRIDGE ]] && ip link del "$BENCH_BRIDGE" 2>/dev/null || true
  nft delete table ip "$TABLE" 2>/dev/null || true
  for ns in $(ls /run/netns 2>/dev/null | grep "^$TABLE-" || true); do ip netns del "$ns"; done
  rm -rf "$WORK" "$EXEC_ROOT"
}
trap cleanup EXIT

mkdir -p "$WORK/rootfs/bin" "$WORK/rootfs/etc" "$WORK/rootfs/proc" "$WORK/rootfs/dev" "$WORK/rootfs/sys" "$WORK/rootfs/tmp"
cp /bin/busybox "$WORK/rootfs/bin/busybox"
for applet in $(/bin/busybox --list); do [[ $applet == busybox ]] || ln -sf busybox "$WORK/rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$WORK/rootfs/etc/passwd"
echo 'root:x:0:' > "$WORK/rootfs/etc/group"
tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
echo '{"bip": "10.230.0.1/24"}' > "$WORK/daemon.json"

WHARF_DATA_DIR=$WORK/data WHARF_DOCKER_SOCKET=$WORK/docker.sock WHARF_EXEC_ROOT=$EXEC_ROOT \
  WHARF_CGROUP_PARENT=wharf-nbench-$$ WHARF_ENGINE_CONFIG=$WORK/daemon.json WHARF_LOG_LEVEL=warn \
  WHARF_BRIDGE=$BRIDGE WHARF_NFT_TABLE=$TABLE \
  node dist/apps/agent/main.js engine > "$WORK/engine.log" 2>&1 &
ENGINE_PID=$!
for _ in $(seq 100); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
docker import "$WORK/rootfs.tar" busybox:latest >/dev/null

echo "-- run --rm true: default bridge vs --network none"
hyperfine --warmup 3 --runs 30 --export-json "$WORK/run.json" \
  -n bridge "docker run --rm busybox true" \
  -n none "docker run --rm --network none busybox true" >/dev/null

echo "-- run -d publishing 100 ports vs none"
hyperfine --warmup 1 --runs 10 --export-json "$WORK/ports.json" \
  --prepare 'docker ps -aq | xargs -r docker rm -f >/dev/null' \
  -n ports100 "docker run -d -p 21000-21099:21000-21099 busybox sleep 60" \
  -n ports0 "docker run -d busybox sleep 60" >/dev/null

echo "-- 200 containers on one network, DNS lookups of every name"
BENCH_BRIDGE=br-$(docker network create --subnet 10.231.0.0/16 benchnet | cut -c1-12)
for i in $(seq 200); do docker run -d --network benchnet --name "c$i" busybox sleep 600 >/dev/null; done
# The client runs in a container's network namespace (nsenter), as a container's resolver would.
docker run -d --network benchnet --name dnsclient busybox sleep 600 >/dev/null
CLIENT_NS=$(docker inspect -f '{{.NetworkSettings.SandboxKey}}' dnsclient)
nsenter --net="$CLIENT_NS" node -e "
const dgram = require('node:dgram');
const dns = require('dns-packet');
const server = '10.231.0.1';
const ask = (socket, port, msg) => new Promise((resolve) => {
  const t0 = process.hrtime.bigint();
  socket.once('message', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
  socket.send(msg, port, server);
});
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
(async () => {
  const client = dgram.createSocket('udp4');
  await new Promise((r) => client.bind(0, r));
  const times = [];
  let answered = 0;
  for (let round = 0; round < 5; round++) for (let i = 1; i <= 200; i++) {
    const msg = dns.encode({ type: 'query', id: i, flags: dns.RECURSION_DESIRED, questions: [{ type: 'A', name: 'c' + i }] });
    const reply = new Promise((r) => client.once('message', (m) => r(dns.decode(m))));
    times.push(await ask(client, 53, msg));
    if ((await reply).answers.length === 1) answered++;
  }
  require('fs').writeFileSync('$WORK/dns.json', JSON.stringify({ p50: pct(times, 0.5), p99: pct(times, 0.99), answered, asked: times.length }));
  client.close();
})();
"
# The reference: the same 1,000 round trips to a bare UDP echo on the gateway address.
ECHO_PORT=5399
node -e "const s = require('node:dgram').createSocket('udp4'); s.on('message', (m, f) => s.send(m, f.port, f.address)); s.bind($ECHO_PORT, '10.231.0.1');" &
ECHO_PID=$!
sleep 0.3
nsenter --net="$CLIENT_NS" node -e "
const dgram = require('node:dgram');
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
(async () => {
  const c = dgram.createSocket('udp4');
  await new Promise((r) => c.bind(0, r));
  const times = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise((r) => { c.once('message', r); c.send(Buffer.alloc(20), $ECHO_PORT, '10.231.0.1'); });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const out = JSON.parse(require('fs').readFileSync('$WORK/dns.json', 'utf8'));
  require('fs').writeFileSync('$WORK/dns.json', JSON.stringify({ ...out, echo_p50: pct(times, 0.5), echo_p99: pct(times, 0.99) }));
  c.close();
})();
"
kill $ECHO_PID

node -e "
const fs = require('fs');
const res = (f) => JSON.parse(fs.readFileSync(f, 'utf8')).results;
const [bridge, none] = res('$WORK/run.json').map((r) => r.median * 1000);
const [p100, p0] = res('$WORK/ports.json').map((r) => r.median * 1000);
const dns = JSON.parse(fs.readFileSync('$WORK/dns.json', 'utf8'));
const out = {
  date: new Date().toISOString(),
  run_rm_true_ms: { bridge, none }, bridge_adds_ms: +(bridge - none).toFixed(1), bridge_target_adds_ms: 15,
  run_d_ports_ms: { ports100: p100, ports0: p0 }, ports_ratio: +(p100 / p0).toFixed(2),
  dns_200_names_ms: dns,
};
fs.writeFileSync('$RESULTS', JSON.stringify(out, null, 2));
const row = (a, b, c, d) => console.log(a.padEnd(36) + String(b).padStart(12) + String(c).padStart(12) + '  ' + d);
row('measure', 'wharf', 'reference', 'difference / ratio (target)');
row('run --rm true (median ms)', bridge.toFixed(1), none.toFixed(1) + ' none', '+' + out.bridge_adds_ms + ' ms (<= +15 ms)');
row('run -d, 100 ports vs 0 (median ms)', p100.toFixed(1), p0.toFixed(1), out.ports_ratio + 'x');
row('DNS, 200 names: p50 / p99 (ms)', dns.p50.toFixed(2) + ' / ' + dns.p99.toFixed(2), dns.echo_p50.toFixed(2) + ' / ' + dns.echo_p99.toFixed(2) + ' echo', dns.answered + ' of ' + dns.asked + ' answered');
"
