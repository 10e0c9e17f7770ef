#!/usr/bin/env bash
# Sync consumers: round trips per second through a handler that blocks BLOCK_MS, for several worker pool sizes.
# Usage: modules/bench/run-sync-scaling.sh   [THREADS="1 4 16 32" BLOCK_MS=10 CONNECTIONS=50 PORT=18090]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${BENCH_JAR:-modules/bench/target/switchboard-bench.jar}
THREADS=${THREADS:-"1 4 16 32"}
BLOCK_MS=${BLOCK_MS:-10}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18090}
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -q -DskipTests package first" >&2; exit 2; }
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true' EXIT
printf '%-8s %12s %10s %10s\n' threads "round trips/s" "p50 ms" "p99 ms"
for t in $THREADS; do
  java -cp "$JAR" io.switchboard.bench.SyncEchoServer --port "$PORT" --threads "$t" --block-ms "$BLOCK_MS" \
    >/dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  # About two seconds of work per pool size: each thread completes 1000/BLOCK_MS messages a second
  messages=$(( t * 2000 / BLOCK_MS / CONNECTIONS + 5 ))
  result=$(java -jar "$JAR" echo --url "ws://127.0.0.1:$PORT" --connections "$CONNECTIONS" --messages "$messages" \
    2>/dev/null | grep '^RESULT ' | sed 's/^RESULT //')
  rate=$(sed -n 's/.*"deliveriesPerSec":\([0-9.]*\).*/\1/p' <<<"$result")
  p50=$(sed -n 's/.*"p50Ms":\([0-9.]*\).*/\1/p' <<<"$result")
  p99=$(sed -n 's/.*"p99Ms":\([0-9.]*\).*/\1/p' <<<"$result")
  printf '%-8s %12.0f %10s %10s\n' "$t" "${rate:-0}" "${p50:-?}" "${p99:-?}"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
done
