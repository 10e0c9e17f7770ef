#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Cross-node fan-out (issue 6): one broadcast shape against a single chat process on the memory layer, then
# against two chat processes sharing a layer (the Hazelcast event bus, Redis pub/sub, Redis), with each room's
# members spread round-robin over both. Alternates the targets, REPS times, and prints the medians and the ratio
# of each two-process figure to the single-process one. Only loopback is ever targeted; servers are started and
# stopped here.
#
# The two processes stand for two nodes sharing this machine: each server JVM of a two-process target sees half
# the cores (-XX:ActiveProcessorCount), as a pod with that CPU limit does, so that it sizes its event loops, JIT
# and GC threads for its share instead of both oversubscribing the machine. The single process sees every core.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

usage() {
    cat <<EOF
usage: modules/bench/run-cross-node.sh [options]

options (or the environment variable in brackets)
  --layers "eventbus redis-pubsub redis"   two-process layers to measure [LAYERS, default: all three]
  --reps N                                 repetitions [REPS, default 3]
  --shape "ARGS"                           broadcast arguments [SHAPE, default: the B2 case,
                                           --rooms 10 --members 50 --messages 200 --window 10]
  -h, --help                               this text

more environment: BENCH_JAR, CHAT_JAR, PORT (18080; the second process takes PORT+1), REDIS_URL
(redis://127.0.0.1:6379), REDIS_CAPACITY (4096: the Redis layers' channel capacity), SERVER_JAVA_OPTS (-Xmx1g),
NODE_CPUS (the cores each process of a two-process target sees: half of them, at least 1; 0 leaves the JVMs to
see every core), CLIENT_JAVA_OPTS (-Xmx1g), WARMUP (2 seconds),
OUT_DIR (modules/bench/target/bench). Chat storage is off (SWITCHBOARD_CHAT_STORE=false): this measures the
live path, like run-suite.sh's figures.
EOF
}

BENCH_JAR=${BENCH_JAR:-$HERE/target/switchboard-bench.jar}
CHAT_JAR=${CHAT_JAR:-$ROOT/modules/chat/target/switchboard-chat.jar}
# One load generator sends at full speed from one address: the per-client limits that stop hostile clients (rate,
# sockets per address) would refuse it, so load tests turn just those off.
LOAD_LIMITS=(SWITCHBOARD_RATE_MESSAGES=0 SWITCHBOARD_RATE_BYTES=0 SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=0)
LAYERS=${LAYERS:-"eventbus redis-pubsub redis"}
REPS=${REPS:-3}
SHAPE=${SHAPE:-"--rooms 10 --members 50 --messages 200 --window 10"}
PORT=${PORT:-18080}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
REDIS_CAPACITY=${REDIS_CAPACITY:-4096}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}
NODE_CPUS=${NODE_CPUS:-$(( $(nproc) / 2 > 1 ? $(nproc) / 2 : 1 ))}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx1g}
WARMUP=${WARMUP:-2}
OUT_DIR=${OUT_DIR:-$HERE/target/bench}

while [ $# -gt 0 ]; do
    case "$1" in
        --layers) LAYERS=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --shape) SHAPE=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

case "$REPS" in ''|*[!0-9]*|0) echo "REPS must be a whole number >= 1, got '$REPS'" >&2; exit 2 ;; esac
case "$NODE_CPUS" in ''|*[!0-9]*) echo "NODE_CPUS must be a whole number, got '$NODE_CPUS'" >&2; exit 2 ;; esac
for layer in $LAYERS; do
    case "$layer" in
        eventbus|redis|redis-pubsub) ;;
        *) echo "unknown layer '$layer'; expected eventbus, redis-pubsub or redis" >&2; exit 2 ;;
    esac
done
for jar in "$BENCH_JAR" "$CHAT_JAR"; do
    if [ ! -f "$jar" ]; then
        echo "$jar not found; build with: mvn -B -q -DskipTests package" >&2
        exit 2
    fi
done

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT_DIR/logs"
RAW="$OUT_DIR/cross-node-$STAMP.tsv"
: > "$RAW"
PIDS=()
URLS=""

stop_servers() {
    local pid i
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    PIDS=()
}
trap stop_servers EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

await_port() { # port pid log
    local waited=0
    until port_open "$1"; do
        if ! kill -0 "$2" 2>/dev/null; then
            echo "server on $1 exited before listening; see $3" >&2
            return 1
        fi
        waited=$((waited + 1))
        if [ "$waited" -gt 900 ]; then
            echo "server on $1 did not listen within 90 s; see $3" >&2
            return 1
        fi
        sleep 0.1
    done
}

start_chat() { # port log java-opts env...
    local port=$1 log=$2 opts=$3
    shift 3
    if port_open "$port"; then
        echo "port $port is already in use; stop what listens there or set PORT" >&2
        exit 1
    fi
    # shellcheck disable=SC2086
    # each process has an in-memory database of its own: two processes cannot share the default H2 file
    env "${LOAD_LIMITS[@]}" SWITCHBOARD_PORT="$port" SWITCHBOARD_HOST=127.0.0.1 SWITCHBOARD_CHAT_STORE=false \
        SWITCHBOARD_DB_URL="jdbc:h2:mem:bench$port;DB_CLOSE_DELAY=-1" "$@" \
        java $SERVER_JAVA_OPTS $opts -jar "$CHAT_JAR" >"$log" 2>&1 &
    PIDS+=($!)
}

# starts the target's servers (in this shell, so that PIDS keeps them) and sets URLS to the URLs to load
start_target() { # target log-prefix
    local target=$1 log=$2 urls node=""
    [ "$NODE_CPUS" -gt 0 ] && node="-XX:ActiveProcessorCount=$NODE_CPUS"
    case "$target" in
        single)
            start_chat "$PORT" "$log-a.log" ""
            urls="ws://127.0.0.1:$PORT"
            ;;
        eventbus)
            local members="127.0.0.1:15701,127.0.0.1:15702" cluster="bench-$STAMP-$RANDOM"
            local common=(SWITCHBOARD_LAYER=eventbus SWITCHBOARD_CLUSTER_MEMBERS=$members
                SWITCHBOARD_CLUSTER_NAME=$cluster SWITCHBOARD_CLUSTER_MIN_MEMBERS=2)
            start_chat "$PORT" "$log-a.log" "$node" "${common[@]}" SWITCHBOARD_CLUSTER_PORT=15701
            start_chat "$((PORT + 1))" "$log-b.log" "$node" "${common[@]}" SWITCHBOARD_CLUSTER_PORT=15702
            urls="ws://127.0.0.1:$PORT,ws://127.0.0.1:$((PORT + 1))"
            ;;
        redis|redis-pubsub)
            # a prefix of its own per run, so that no earlier run's keys or subscribers are in the way; the closed
            # loop keeps up to members x window messages in flight per member channel, past channels_redis'
            # default capacity of 100 (a full channel drops, by design), so the capacity is raised as the
            # launcher does for the in-process layers
            local redis=(SWITCHBOARD_LAYER="$target" SWITCHBOARD_REDIS_URL="$REDIS_URL"
                SWITCHBOARD_REDIS_PREFIX="bench$RANDOM" SWITCHBOARD_LAYER_CAPACITY="$REDIS_CAPACITY")
            start_chat "$PORT" "$log-a.log" "$node" "${redis[@]}"
            start_chat "$((PORT + 1))" "$log-b.log" "$node" "${redis[@]}"
            urls="ws://127.0.0.1:$PORT,ws://127.0.0.1:$((PORT + 1))"
            ;;
    esac
    local i=0 port
    for port in $(tr ',' '\n' <<<"$urls" | sed 's|.*:||'); do
        await_port "$port" "${PIDS[$i]}" "$log" || return 1
        i=$((i + 1))
    done
    URLS=$urls
}

jget() { # key json -> value
    sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" <<<"$2" | tr -d '"'
}

run_once() { # target rep
    local target=$1 rep=$2 log="$OUT_DIR/logs/$STAMP-cross-$1-$2" scenario json
    if ! start_target "$target" "$log"; then
        stop_servers
        printf '%s\t%s\t%s\n' "$target" "$rep" '{"complete":false,"stopReason":"servers did not start"}' >>"$RAW"
        return 0
    fi
    scenario=cross-node
    [ "$target" = single ] && scenario=broadcast
    # shellcheck disable=SC2086
    java $CLIENT_JAVA_OPTS -jar "$BENCH_JAR" "$scenario" $SHAPE --warmup "$WARMUP" --url "$URLS" \
        --label "cross/$target/$rep" >"$log.client.out" 2>"$log.client.err" || true
    stop_servers
    json=$(sed -n 's/^RESULT //p' "$log.client.out" | tail -1)
    [ -z "$json" ] && json="{\"complete\":false,\"stopReason\":\"no result; see $log.client.err\"}"
    printf '%s\t%s\t%s\n' "$target" "$rep" "$json" >>"$RAW"
    printf '%-13s rep %s: %s deliveries/s  p99 %s ms  lost %s  client cpu %s%%  %s\n' "$target" "$rep" \
        "$(jget deliveriesPerSec "$json")" "$(jget p99Ms "$json")" "$(jget lost "$json")" \
        "$(jget clientCpuPct "$json")" "$(jget stopReason "$json")"
}

TARGETS="single $LAYERS"
echo "cross-node $STAMP: [$SHAPE], targets [$TARGETS], $REPS repetition(s); logs in $OUT_DIR/logs"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for rep in $(seq "$REPS"); do
    order=$TARGETS
    if [ $((rep % 2)) = 0 ]; then
        order=$(tr ' ' '\n' <<<"$TARGETS" | tac | tr '\n' ' ')
    fi
    for target in $order; do
        run_once "$target" "$rep"
    done
done

echo
echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "each process of a two-process target saw $NODE_CPUS core(s) (NODE_CPUS; 0: all)"
echo "command: LAYERS=\"$LAYERS\" REPS=$REPS NODE_CPUS=$NODE_CPUS SHAPE=\"$SHAPE\" modules/bench/run-cross-node.sh"
awk -F'\t' '
    function median(list, n,   sorted, i, j, t) {
        for (i = 1; i <= n; i++) sorted[i] = list[i]
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (sorted[j] < sorted[i]) { t = sorted[i]; sorted[i] = sorted[j]; sorted[j] = t }
        return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
    }
    {
        rate = $3; sub(/.*"deliveriesPerSec":/, "", rate); sub(/[,}].*/, "", rate)
        lost = $3; sub(/.*"lost":/, "", lost); sub(/[,}].*/, "", lost)
        ok = ($3 ~ /"complete":true/)
        if (!($1 in count)) order[++targets] = $1
        if (ok) { values[$1, ++count[$1]] = rate + 0 } else if (!($1 in count)) count[$1] = 0
        if (lost + 0 > worst[$1]) worst[$1] = lost + 0
        runs[$1]++
    }
    END {
        printf "%-13s %15s %8s %12s %8s\n", "target", "deliveries/s", "ratio", "lost (max)", "runs ok"
        for (k = 1; k <= targets; k++) {
            t = order[k]; n = count[t]
            for (i = 1; i <= n; i++) list[i] = values[t, i]
            m[t] = n ? median(list, n) : 0
        }
        for (k = 1; k <= targets; k++) {
            t = order[k]
            ratio = (t == "single" || m["single"] == 0) ? "-" : sprintf("%.2f%s", m[t] / m["single"], m[t] / m["single"] >= 0.5 ? " ok" : " MISS")
            printf "%-13s %15d %8s %12d %5d/%d\n", t, m[t], ratio, worst[t], count[t], runs[t]
        }
        print "ratio: two processes / one process on the memory layer; the goal is >= 0.5"
    }' "$RAW" | tee "$OUT_DIR/cross-node-$STAMP.txt"
