#!/usr/bin/env bash
# One dependency-free setup for `npm run up`, `npm run engine` and .ci/run:
# Debian packages the system needs, npm dependencies (approved install scripts only), Prisma clients, build.
#   scripts/setup.sh           everything (server, agent, web, test tools)
#   scripts/setup.sh --engine  only what wharfd needs
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=all
[[ "${1:-}" == "--engine" ]] && MODE=engine

ENGINE_PACKAGES=(runc crun conmon tini socat nftables iproute2 busybox-static procps kmod tar attr)
ALL_PACKAGES=("${ENGINE_PACKAGES[@]}" redis-server postgresql-15 docker-registry chromium fonts-dejavu-core build-essential python3 openssl)

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

install_debian_packages() {
  local wanted=("$@") missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${missing[*]} (run as root, or install them yourself)"
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_npm_dependencies() {
  # Installs the locked versions when node_modules is missing or older than the lock file; install
  # scripts run only for the packages approved under "allowScripts" in package.json.
  # Not `npm ci`: the registry reachable here lacks other platforms' optional binaries (e.g.
  # @swc/core-darwin-arm64@1.16.22), so the lock cannot list them and `npm ci` refuses the lock as
  # "out of sync". `npm install --no-save` installs the same locked tree and never rewrites the lock.
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm dependencies"
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
}

needs_build() {
  local stamp=dist/.build-stamp
  [[ ! -f $stamp ]] && return 0
  [[ -n $(find apps libs prisma scripts package-lock.json tsconfig.base.json -newer "$stamp" -type f \
      -not -path '*/node_modules/*' -not -path 'apps/web/.next/*' -not -path 'apps/web/out/*' \
      -not -path 'prisma/generated/*' -print -quit) ]]
}

if [[ $MODE == engine ]]; then
  install_debian_packages "${ENGINE_PACKAGES[@]}"
else
  install_debian_packages "${ALL_PACKAGES[@]}"
fi
install_npm_dependencies

if needs_build; then
  if [[ $MODE == engine ]]; then
    log "building the engine"
    node scripts/build.mjs agent
  else
    log "generating Prisma clients"
    node scripts/prisma.mjs generate
    log "building server, agent and web UI"
    node scripts/build.mjs
    mkdir -p dist && touch dist/.build-stamp
  fi
fi
log "ready"
