#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The standard benchmark suite of issues 6 and 17: runs each case against the raw Vert.x baseline, the tutorial
# consumer in the chat jar, the chat as shipped and the chat's live path alone (and any extra targets), alternating,
# REPS times, on this machine, with the bench's Java client and an independent Node client, then prints the medians
# and the ratio of each target to the baseline, and writes the table under modules/bench/target/bench/.
#
# Servers are started and stopped here, one fresh server (and fresh embedded database) per (repetition, case,
# client, target), so that memory readings start from the same state. Only loopback is ever targeted.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

usage() {
    cat <<EOF
usage: modules/bench/run-suite.sh [options]

options (or the environment variable in brackets)
  --cases "B1 R1 ..."    cases to run [CASES, default: B1 B2 B3 R1 R2 R3 E1 I1]
  --reps N               repetitions [REPS, default 3]
  --servers "..."        the servers started here [SERVERS, default: baseline tutorial chat chat-live]
  --clients "java node"  the load clients; each case runs with each [CLIENTS, default: java node, or java alone
                         without node and npm]; the Node client runs the B and E cases only
  --db h2|postgres       the database of the chat as shipped [DB, default h2: a fresh embedded H2 file per server;
                         postgres: PG_URL (jdbc:postgresql://127.0.0.1:5432/test), PG_USER (postgres), PG_PASSWORD]
  --target NAME=URL[,URL...]
                         an extra, already running target (e.g. a cluster), repeatable
                         [TARGETS="name=url,url name2=url"]; members of a room are spread over its URLs
  --chat NAME=JAR        another chat server jar to start like the chat as shipped, e.g. a build from before a
                         change, repeatable [CHATS="name=jar name2=jar"]; the variable CHAT_OPTS_<NAME> adds
                         java options to that one (or to a server above), e.g.
                         CHAT_OPTS_nohistory=-Dswitchboard.chat.recoverySize=0; system properties win over the
                         environment this script sets
  --baseline-only        do not run the chat jar's servers even if the jar exists
  --out-dir DIR          where results go [OUT_DIR, default modules/bench/target/bench]
  -h, --help             this text

more environment: BENCH_JAR, CHAT_JAR (default modules/chat/target/switchboard-chat.jar), PORT (18080; a chat's
management port is the first free one above it),
SERVER_INSTANCES (cores), SERVER_JAVA_OPTS (-Xmx1g), CLIENT_JAVA_OPTS (-Xmx1g), R_SECONDS (10: how long the
R cases send), WARMUP (2: seconds of unmeasured traffic before B, R and E cases), HOLD (5: I1 hold seconds),
SCALE (1: divide every case's messages per sender by this, for a smoke run of the tooling; its figures are
not the standard cases'),
BASELINE_OPTS (extra baseline server options, e.g. --strict-thread-mode to match Switchboard's default).

servers
  baseline       raw Vert.x (BaselineServer), the Channels tutorial's {"message"} protocol on /ws/tutorial/{room}/
  tutorial       the chat jar's TutorialChatConsumer on /ws/tutorial/{room}/: the same protocol, through the
                 framework (Origin check, session middleware, consumer, channel layer); storage, recovery and the
                 management port off
  chat           the chat as shipped on /ws/chat/{room}/: storage on (DB), history and recovery on (recoverySize
                 1000), management port (metrics) on, on a free port of its own
  chat-live      the chat's live path alone on /ws/chat/{room}/: storage, recovery and management port off
  baseline-chat  raw Vert.x speaking the chat's protocol on /ws/chat/{room}/ (not run by default)
  Ratios are to 'baseline'. Every chat jar server runs with the load limits off (rate, sockets per address).

cases
  B1 1 room x 100 members x 500 messages    B2 10 x 50 x 200    B3 100 x 10 x 100   (closed loop, window 10)
  R1-R3 the same shapes at 2,000 deliveries/s offered, for R_SECONDS
  E1 echo, 50 connections x 2,000 round trips (seconds of steady state, past the JIT's warm-up)
  I1 idle, 19,000 connections (needs ulimit -n of about 19,200 for each of client and server)
EOF
}

BENCH_JAR=${BENCH_JAR:-$HERE/target/switchboard-bench.jar}
CHAT_JAR=${CHAT_JAR:-$ROOT/modules/chat/target/switchboard-chat.jar}
CASES=${CASES:-"B1 B2 B3 R1 R2 R3 E1 I1"}
REPS=${REPS:-3}
TARGETS=${TARGETS:-}
CHATS=${CHATS:-}
SERVERS=${SERVERS:-"baseline tutorial chat chat-live"}
if [ -z "${CLIENTS:-}" ]; then
    if command -v node >/dev/null && command -v npm >/dev/null; then
        CLIENTS="java node"
    else
        echo "node and npm not found: running the Java client alone" >&2
        CLIENTS="java"
    fi
fi
DB=${DB:-h2}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${PG_USER:-postgres}
PG_PASSWORD=${PG_PASSWORD:-}
OUT_DIR=${OUT_DIR:-$HERE/target/bench}
PORT=${PORT:-18080}
SERVER_INSTANCES=${SERVER_INSTANCES:-$(nproc)}
BASELINE_OPTS=${BASELINE_OPTS:-}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx1g}
R_SECONDS=${R_SECONDS:-10}
WARMUP=${WARMUP:-2}
HOLD=${HOLD:-5}
SCALE=${SCALE:-1}
BASELINE_ONLY=0
# One load generator sends at full speed from one address: the per-client limits that stop hostile clients (rate,
# sockets per address) would refuse it, so load tests turn just those off.
LOAD_LIMITS=(SWITCHBOARD_RATE_MESSAGES=0 SWITCHBOARD_RATE_BYTES=0 SWITCHBOARD_MAX_CONNECTIONS_PER_ADDRESS=0)
# A server is stopped between runs once its clients are gone: nothing to spread its drain over
LOAD_LIMITS+=(SWITCHBOARD_DRAIN_PERIOD=0)

while [ $# -gt 0 ]; do
    case "$1" in
        --cases) CASES=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --target) TARGETS="$TARGETS $2"; shift 2 ;;
        --chat) CHATS="$CHATS $2"; shift 2 ;;
        --servers) SERVERS=$2; shift 2 ;;
        --clients) CLIENTS=$2; shift 2 ;;
        --db) DB=$2; shift 2 ;;
        --baseline-only) BASELINE_ONLY=1; shift ;;
        --out-dir) OUT_DIR=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

case "$REPS" in ''|*[!0-9]*|0) echo "REPS must be a whole number >= 1, got '$REPS'" >&2; exit 2 ;; esac
case "$SCALE" in ''|*[!0-9]*|0) echo "SCALE must be a whole number >= 1, got '$SCALE'" >&2; exit 2 ;; esac
case "$DB" in h2|postgres) ;; *) echo "DB must be h2 or postgres, got '$DB'" >&2; exit 2 ;; esac
for c in $CLIENTS; do
    case "$c" in java|node) ;; *) echo "unknown client '$c'; expected java or node" >&2; exit 2 ;; esac
done
for s in $SERVERS; do
    case "$s" in baseline|baseline-chat|tutorial|chat|chat-live) ;;
        *) echo "unknown server '$s'; expected baseline baseline-chat tutorial chat chat-live" >&2; exit 2 ;;
    esac
done
if [[ " $SERVERS " != *" baseline "* ]]; then
    echo "SERVERS must include baseline: every ratio is taken against it" >&2
    exit 2
fi
if [ ! -f "$BENCH_JAR" ]; then
    echo "bench jar $BENCH_JAR not found; build it with: mvn -B -q install -pl modules/bench -am -DskipTests" >&2
    exit 2
fi

# the I1 case needs ~19,000 descriptors in the client and in the server: take the hard limit if the soft one is lower
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 19300 ] && [[ " $CASES " == *" I1 "* ]]; then
    echo "warning: ulimit -n is $(ulimit -n) (hard $(ulimit -Hn)); I1 needs about 19,300 and will fail" >&2
fi

scaled() { # messages -> messages / SCALE, at least 1
    local n=$(($1 / SCALE))
    echo $((n < 1 ? 1 : n))
}

case_args() {
    local shape
    case "$1" in
        B1|R1) shape="--rooms 1 --members 100 --messages $(scaled 500)" ;;
        B2|R2) shape="--rooms 10 --members 50 --messages $(scaled 200)" ;;
        B3|R3) shape="--rooms 100 --members 10 --messages $(scaled 100)" ;;
    esac
    case "$1" in
        B1|B2|B3) echo "broadcast $shape --window 10 --warmup $WARMUP" ;;
        R1|R2|R3) echo "broadcast $shape --rate 2000 --duration $R_SECONDS --warmup $WARMUP" ;;
        E1) echo "echo --connections 50 --messages $(scaled 2000) --warmup $WARMUP" ;;
        I1) echo "idle --connections 19000 --hold $HOLD" ;;
        *) echo "unknown case '$1'; expected B1 B2 B3 R1 R2 R3 E1 I1" >&2; return 1 ;;
    esac
}
for c in $CASES; do case_args "$c" >/dev/null || exit 2; done

NODE_DIR=$HERE/node
if [[ " $CLIENTS " == *" node "* ]]; then
    # node_modules is never committed: install exactly the lock file's packages, again when the lock changes
    if [ ! -d "$NODE_DIR/node_modules/ws" ] || [ "$NODE_DIR/package-lock.json" -nt "$NODE_DIR/node_modules/.package-lock.json" ]; then
        echo "installing the Node client's packages (npm ci in $NODE_DIR)"
        (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $NODE_DIR" >&2; exit 2; }
    fi
fi

# what each target is: the server to start (baseline or a chat jar), the path its protocol lives on, its settings
TARGET_NAMES=""
declare -A CHAT_JARS=() TARGET_PATHS=() TARGET_KINDS=()
TUTORIAL_PATH='/ws/tutorial/{room}/'
CHAT_PATH='/ws/chat/{room}/'
for s in $SERVERS; do
    case "$s" in
        baseline) TARGET_KINDS[$s]=baseline; TARGET_PATHS[$s]=$TUTORIAL_PATH ;;
        baseline-chat) TARGET_KINDS[$s]=baseline; TARGET_PATHS[$s]=$CHAT_PATH ;;
        tutorial) TARGET_KINDS[$s]=live; TARGET_PATHS[$s]=$TUTORIAL_PATH ;;
        chat) TARGET_KINDS[$s]=shipped; TARGET_PATHS[$s]=$CHAT_PATH ;;
        chat-live) TARGET_KINDS[$s]=live; TARGET_PATHS[$s]=$CHAT_PATH ;;
    esac
    if [ "${TARGET_KINDS[$s]}" = baseline ]; then
        TARGET_NAMES="$TARGET_NAMES $s"
    elif [ "$BASELINE_ONLY" = 0 ] && [ -f "$CHAT_JAR" ]; then
        CHAT_JARS[$s]=$CHAT_JAR
        TARGET_NAMES="$TARGET_NAMES $s"
    fi
done
if [ "$BASELINE_ONLY" = 0 ]; then
    if [ ! -f "$CHAT_JAR" ]; then
        echo "chat server jar $CHAT_JAR does not exist yet: running the baseline only" >&2
        echo "  (build it with: mvn -B -q install -pl modules/chat -am -DskipTests)" >&2
    fi
    for c in $CHATS; do
        name=${c%%=*}
        jar=${c#*=}
        if [ -z "$name" ] || [ "$name" = "$c" ] || [ ! -f "$jar" ]; then
            echo "bad chat '$c'; use NAME=path/to/switchboard-chat.jar (an existing file)" >&2
            exit 2
        fi
        CHAT_JARS[$name]=$jar
        TARGET_KINDS[$name]=shipped
        TARGET_PATHS[$name]=$CHAT_PATH
        TARGET_NAMES="$TARGET_NAMES $name"
    done
fi
declare -A EXTRA_URLS=()
for t in $TARGETS; do
    name=${t%%=*}
    urls=${t#*=}
    if [ -z "$name" ] || [ "$name" = "$t" ] || [ -z "$urls" ]; then
        echo "bad target '$t'; use NAME=ws://127.0.0.1:PORT[,ws://127.0.0.1:PORT2]" >&2
        exit 2
    fi
    EXTRA_URLS[$name]=$urls
    TARGET_PATHS[$name]=$CHAT_PATH
    TARGET_NAMES="$TARGET_NAMES $name"
done
TARGET_NAMES=${TARGET_NAMES# }

STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT_DIR/logs"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
# the chat jar servers' embedded databases, one per server, removed with it
DATA_DIR="$OUT_DIR/data-$STAMP"
RAW="$OUT_DIR/suite-$STAMP.raw.tsv"
TABLE="$OUT_DIR/suite-$STAMP.txt"
: > "$RAW"

SERVER_PID=""
SERVER_DATA=""
CLIENT_PID=""
cleanup() {
    [ -n "$CLIENT_PID" ] && kill "$CLIENT_PID" 2>/dev/null || true
    [ -n "$SERVER_PID" ] && stop_server
    rm -rf "$DATA_DIR"
    return 0
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port_above() { # port -> the first port above it nothing listens on
    local p=$(($1 + 1))
    while port_open "$p"; do p=$((p + 1)); done
    echo "$p"
}

# The settings of a chat jar target, as environment variables. Each is harmless where the setting does not exist
# (yet): the settings read only the variables of their own keys.
chat_env() { # target server-data-dir
    local db=(SWITCHBOARD_DB_URL="jdbc:h2:file:$2/chat;DB_CLOSE_DELAY=-1")
    case "${TARGET_KINDS[$1]}" in
        shipped)
            if [ "$DB" = postgres ]; then
                db=(SWITCHBOARD_DB_URL="$PG_URL" SWITCHBOARD_DB_USER="$PG_USER" SWITCHBOARD_DB_PASSWORD="$PG_PASSWORD")
            fi
            echo "${db[@]}" SWITCHBOARD_CHAT_STORE=true SWITCHBOARD_CHAT_RECOVERY_SIZE=1000 \
                SWITCHBOARD_MANAGEMENT_PORT="$(free_port_above "$PORT")"
            ;;
        live)
            echo "${db[@]}" SWITCHBOARD_CHAT_STORE=false SWITCHBOARD_CHAT_RECOVERY_SIZE=0 SWITCHBOARD_MANAGEMENT_PORT=0
            ;;
    esac
}

start_server() { # target log
    if port_open "$PORT"; then
        echo "port $PORT is already in use; stop what listens there or set PORT" >&2
        exit 1
    fi
    case "${TARGET_KINDS[$1]}" in
        baseline)
            # shellcheck disable=SC2086
            java $SERVER_JAVA_OPTS -cp "$BENCH_JAR" io.switchboard.bench.BaselineServer \
                --port "$PORT" --instances "$SERVER_INSTANCES" $BASELINE_OPTS >"$2" 2>&1 &
            ;;
        *)
            local opts_var="CHAT_OPTS_${1//-/_}" settings
            SERVER_DATA=$(mktemp -d "$DATA_DIR/$1.XXXX")
            settings=$(chat_env "$1" "$SERVER_DATA")
            echo "settings: $(sed 's/SWITCHBOARD_DB_PASSWORD=[^ ]*/SWITCHBOARD_DB_PASSWORD=.../' <<<"$settings") ${!opts_var:-}" >"$2"
            # shellcheck disable=SC2086
            env "${LOAD_LIMITS[@]}" $settings SWITCHBOARD_PORT=$PORT java $SERVER_JAVA_OPTS ${!opts_var:-} \
                -jar "${CHAT_JARS[$1]}" >>"$2" 2>&1 &
            ;;
    esac
    SERVER_PID=$!
    local waited=0
    until port_open "$PORT"; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "$1 server exited before listening on $PORT; see $2" >&2
            SERVER_PID=""
            return 1
        fi
        waited=$((waited + 1))
        if [ "$waited" -gt 600 ]; then
            echo "$1 server did not listen on $PORT within 60 s; see $2" >&2
            stop_server
            return 1
        fi
        sleep 0.1
    done
}

stop_server() {
    local pid=$SERVER_PID
    SERVER_PID=""
    if kill "$pid" 2>/dev/null; then
        local i
        for i in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    if [ -n "$SERVER_DATA" ]; then
        rm -rf "$SERVER_DATA"
        SERVER_DATA=""
    fi
}

jget() { # key json -> value
    sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p" <<<"$2" | tr -d '"'
}

run_case() { # case client target rep
    local case=$1 client=$2 target=$3 rep=$4
    local log="$OUT_DIR/logs/$STAMP-$case-$client-$target-$rep"
    local urls pid_args=""
    # shellcheck disable=SC2207
    local args=($(case_args "$case"))
    if [ -n "${EXTRA_URLS[$target]:-}" ]; then
        urls=${EXTRA_URLS[$target]}
    else
        start_server "$target" "$log.server.log" || {
            printf '%s\t%s\t%s\t%s\n' "$case/$client" "$target" "$rep" '{"complete":false,"stopReason":"server did not start"}' >>"$RAW"
            return 0
        }
        urls="ws://127.0.0.1:$PORT"
        pid_args="--server-pid $SERVER_PID"
    fi
    local status=0
    if [ "$client" = node ]; then
        # shellcheck disable=SC2086
        node "$NODE_DIR/client.js" "${args[@]}" --url "$urls" --path "${TARGET_PATHS[$target]}" $pid_args \
            --label "$case/$client/$target/$rep" >"$log.client.out" 2>"$log.client.err" &
    else
        # shellcheck disable=SC2086
        java $CLIENT_JAVA_OPTS -jar "$BENCH_JAR" "${args[@]}" --url "$urls" --path "${TARGET_PATHS[$target]}" \
            $pid_args --label "$case/$client/$target/$rep" >"$log.client.out" 2>"$log.client.err" &
    fi
    CLIENT_PID=$!
    wait "$CLIENT_PID" || status=$?
    CLIENT_PID=""
    [ -n "$SERVER_PID" ] && stop_server
    local json
    json=$(sed -n 's/^RESULT //p' "$log.client.out" | tail -1)
    if [ -z "$json" ]; then
        local why
        why=$(tail -1 "$log.client.err" | tr -d '"\\' | cut -c1-200)
        json="{\"complete\":false,\"stopReason\":\"no result, exit $status: $why\"}"
    fi
    printf '%s\t%s\t%s\t%s\n' "$case/$client" "$target" "$rep" "$json" >>"$RAW"
    local summary
    case "$case" in
        I*) summary="$(jget rssPerConnKiB "$json") KiB/conn  $(jget connectPerSec "$json") connects/s" ;;
        *) summary="$(jget deliveriesPerSec "$json") deliveries/s  server $(us_per_delivery "$json") µs/delivery"
           summary="$summary  p99 $(jget p99Ms "$json") ms  lost $(jget lost "$json")" ;;
    esac
    printf '%-3s %-4s %-13s rep %s: %s  client cpu %s%%  %s\n' "$case" "$client" "$target" "$rep" "$summary" \
        "$(jget clientCpuPct "$json")" "$(jget stopReason "$json")"
}

us_per_delivery() { # json -> server CPU µs per delivery, as SuiteTable derives it
    awk -v c="$(jget serverCpuPct "$1")" -v s="$(jget seconds "$1")" -v d="$(jget delivered "$1")" \
        'BEGIN { if (c == "" || s == "" || d + 0 <= 0) print "-"; else printf "%.2f", c / 100 * s * 1e6 / d }'
}

# the Node client runs the B and E cases
runs_case() { # client case
    [ "$1" = java ] || [[ "$2" == B* ]] || [[ "$2" == E* ]]
}

echo "suite $STAMP: cases [$CASES], clients [$CLIENTS], targets [$TARGET_NAMES], $REPS repetition(s); logs in $OUT_DIR/logs"
mkdir -p "$DATA_DIR"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for rep in $(seq "$REPS"); do
    for case in $CASES; do
        # alternate the order of the targets from one repetition to the next
        order=$TARGET_NAMES
        if [ $((rep % 2)) = 0 ]; then
            order=$(tr ' ' '\n' <<<"$TARGET_NAMES" | tac | tr '\n' ' ')
        fi
        for client in $CLIENTS; do
            if ! runs_case "$client" "$case"; then
                [ "$rep" = 1 ] && echo "$case $client: the Node client runs the B and E cases only; skipped"
                continue
            fi
            for target in $order; do
                run_case "$case" "$client" "$target" "$rep"
            done
        done
    done
done

CPU=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
JAVA=$(java -version 2>&1 | head -1)
java -cp "$BENCH_JAR" io.switchboard.bench.SuiteReport "$RAW" "$TABLE" \
    "suite $STAMP on $(nproc) cores ($CPU), $(free -g | awk '/^Mem:/{print $2}') GiB, $JAVA" \
    "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); server instances $SERVER_INSTANCES; $REPS repetition(s)" \
    "clients: $CLIENTS$([[ " $CLIENTS " == *" node "* ]] && echo " (node $(node --version))"); the chat as shipped on $DB" \
    "command: ${BASELINE_OPTS:+BASELINE_OPTS=\"$BASELINE_OPTS\" }$([ "$SCALE" != 1 ] && echo "SCALE=$SCALE (messages divided: not the standard cases) ")CASES=\"$CASES\" REPS=$REPS SERVERS=\"$SERVERS\" CLIENTS=\"$CLIENTS\" DB=$DB${TARGETS:+ TARGETS=\"$TARGETS\"}${CHATS:+ CHATS=\"$CHATS\"} modules/bench/run-suite.sh$([ "$BASELINE_ONLY" = 1 ] && echo ' --baseline-only')" \
    ""
echo "table written to $TABLE (raw results: $RAW)"
