#!/usr/bin/env bash
# Real-client check of the TWS simulator: creates a temporary Python venv, installs ib_async from PyPI, starts
# `lunar sim` on a free loopback port, and runs scripts/ib_async_check.py against it. Exit 0 when every check passes.
# Usage: scripts/ib_async_check.sh [extra `lunar sim` arguments, e.g. --speed 10]  (LUNAR_BIN overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== venv + ib_async"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check ib_async
"$work/venv/bin/python" -c 'import ib_async; print("ib_async", ib_async.__version__)'

bin="${LUNAR_BIN:-}"
if [ -z "$bin" ]; then
    echo "== building lunar"
    swift build --product lunar >/dev/null
    bin="$(swift build --show-bin-path)/lunar"
fi

echo "== starting the simulator"
"$bin" sim --port 0 "$@" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/sim.out")"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "simulator did not start"; cat "$work/sim.err"; exit 1; }
echo "simulator on port $port"

echo "== ib_async check"
set +e
timeout 180 "$work/venv/bin/python" scripts/ib_async_check.py "$port"
status=$?
set -e
if [ "$status" -ne 0 ]; then
    echo "-- simulator log"
    cat "$work/sim.err"
fi
exit "$status"
