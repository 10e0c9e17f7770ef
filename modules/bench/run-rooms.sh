#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# End-to-end group sends through Switchboard's chat with each channel layer: for rooms of 10, 100 and 1000 members,
# the load generator's WebSocket clients all talk in one room of a chat server started here with
# SWITCHBOARD_LAYER=memory, redis or redis-pubsub, at RATE deliveries/s offered (open loop) for DURATION seconds,
# REPS times in alternating order; prints the medians of deliveries/s and latency. One fresh server per run, on
# loopback, with a Redis prefix of its own and the live path only (SWITCHBOARD_CHAT_STORE=false, CHAT_STORE=true
# stores messages in an in-memory database). Each server first gets WARMUP seconds of the same traffic, unmeasured.
# The layer-level figures (no WebSocket, and channels_redis' own sender) come from GroupSendBench; see
# modules/layer-redis/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CHAT_JAR=${CHAT_JAR:-$ROOT/modules/chat/target/switchboard-chat.jar}
# One load generator sends at full speed from one address: the per-client limits that stop hostile clients (rate,
# sockets per address) would refuse it, so load tests turn just those off.
LOAD_LIMITS=(SWITCHBOARD_RATE_MESSAGES=0 SWITCHBOARD_RATE_BYTES=0 SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=0)
BENCH_JAR=${BENCH_JAR:-$ROOT/modules/bench/target/switchboard-bench.jar}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
LAYERS=${LAYERS:-"memory redis redis-pubsub"}
SIZES=${SIZES:-"10 100 1000"}
REPS=${REPS:-3}
PORT=${PORT:-18180}
RATE=${RATE:-10000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CHAT_STORE=${CHAT_STORE:-false}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx1g}
OUT=${OUT:-$HERE/target/bench-rooms}

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'
    echo "environment: LAYERS [$LAYERS], SIZES [$SIZES], REPS [$REPS], RATE [$RATE], DURATION [$DURATION],"
    echo "  WARMUP [$WARMUP], CHAT_STORE [$CHAT_STORE], REDIS_URL [$REDIS_URL],"
    echo "  PORT [$PORT], CHAT_JAR, BENCH_JAR, SERVER_JAVA_OPTS, CLIENT_JAVA_OPTS, OUT [$OUT]"
    exit 0
fi
for jar in "$CHAT_JAR" "$BENCH_JAR"; do
    [ -f "$jar" ] || { echo "$jar not found; build it: mvn -B -q install -pl modules/chat,modules/bench -am -DskipTests" >&2; exit 2; }
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

SERVER_PID=""
stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}
trap stop_server EXIT

mkdir -p "$OUT"
STAMP=$(date +%Y%m%d-%H%M%S)
RAW="$OUT/rooms-$STAMP.tsv"
: >"$RAW"
echo "rooms benchmark $STAMP: layers [$LAYERS], sizes [$SIZES], $REPS rep(s), $RATE deliveries/s offered for $DURATION s" \
    "after $WARMUP s unmeasured, chat store $CHAT_STORE;" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq "$REPS"); do
    for size in $SIZES; do
        order=$LAYERS
        [ $((rep % 2)) = 0 ] && order=$(tr ' ' '\n' <<<"$LAYERS" | tac | tr '\n' ' ')
        for layer in $order; do
            if port_open "$PORT"; then echo "port $PORT is in use; set PORT" >&2; exit 1; fi
            log="$OUT/$STAMP-$layer-$size-$rep"
            # shellcheck disable=SC2086
            env "${LOAD_LIMITS[@]}" SWITCHBOARD_HOST=127.0.0.1 SWITCHBOARD_PORT=$PORT SWITCHBOARD_LAYER=$layer \
                SWITCHBOARD_REDIS_URL=$REDIS_URL \
                SWITCHBOARD_REDIS_PREFIX="bench$RANDOM$rep" SWITCHBOARD_DB_URL="jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1" \
                SWITCHBOARD_CHAT_STORE=$CHAT_STORE \
                java $SERVER_JAVA_OPTS -jar "$CHAT_JAR" >"$log.server.log" 2>&1 &
            SERVER_PID=$!
            for _ in $(seq 600); do port_open "$PORT" && break; kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
            port_open "$PORT" || { echo "the chat did not start; see $log.server.log" >&2; exit 1; }
            # the bench's own warm-up starts with one message from every member at once: with 1000 members that is a
            # burst of a million deliveries, so warm up with a run of the same open-loop traffic instead
            # shellcheck disable=SC2086
            java $CLIENT_JAVA_OPTS -jar "$BENCH_JAR" broadcast --url "ws://127.0.0.1:$PORT" --rooms 1 --members "$size" \
                --messages 1000000 --rate "$RATE" --duration "$WARMUP" --quiet --label warmup >"$log.warmup.out" 2>&1 || true
            # shellcheck disable=SC2086
            java $CLIENT_JAVA_OPTS -jar "$BENCH_JAR" broadcast --url "ws://127.0.0.1:$PORT" --rooms 1 --members "$size" \
                --messages 1000000 --rate "$RATE" --duration "$DURATION" --server-pid "$SERVER_PID" --quiet \
                --label "$layer/$size/$rep" >"$log.client.out" 2>"$log.client.err" || true
            stop_server
            json=$(sed -n 's/^RESULT //p' "$log.client.out" | tail -1)
            [ -n "$json" ] || json='{"complete":false}'
            printf '%s\t%s\t%s\t%s\n' "$layer" "$size" "$rep" "$json" >>"$RAW"
            get() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" <<<"$json"; }
            printf 'rep %s  %-13s %5s members  %9s deliveries/s  p50 %8s ms  p99 %8s ms  lost %s  complete %s\n' \
                "$rep" "$layer" "$size" "$(get deliveriesPerSec)" "$(get p50Ms)" "$(get p99Ms)" "$(get lost)" "$(get complete)"
        done
    done
done

echo
echo "medians of $REPS rep(s) (raw: $RAW); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %7s %14s %10s %10s\n' layer members deliveries/s "p50 ms" "p99 ms"
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
for size in $SIZES; do
    for layer in $LAYERS; do
        rows=$(awk -F'\t' -v l="$layer" -v s="$size" '$1==l && $2==s {print $4}' "$RAW")
        col() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" <<<"$rows" | median; }
        printf '%-13s %7s %14s %10s %10s\n' "$layer" "$size" "$(col deliveriesPerSec)" "$(col p50Ms)" "$(col p99Ms)"
    done
done
