#!/usr/bin/env bash
# `npm run bench`: every benchmark, each measuring Wharf side by side with a reference in the same run
# (ratios, not absolute times: these machines are shared and noisy). Never part of `npm test`.
#   bench/run.sh            all benchmarks
#   bench/run.sh engine     only bench/engine-*.sh
set -euo pipefail
cd "$(dirname "$0")/.."
filter=${1:-}
mkdir -p bench/results
status=0
for script in bench/*-*.sh; do
  [[ -n $filter && $(basename "$script") != "$filter"* ]] && continue
  echo "== $(basename "$script")"
  bash "$script" || status=1
done
exit $status
