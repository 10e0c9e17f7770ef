#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The rolling-update rehearsal (issues 14 and 16): three chat processes on the event-bus layer behind HAProxy (the
# Service), logged-in pages that follow the browser client's protocol (offsets, recovery, backoff), a steady
# message rate into several rooms, and then, by scenario:
#   rolling  restart the three nodes one by one as Kubernetes does: SIGTERM, wait for the exit, start, wait ready
#   kill     kill -9 one node; it is started again once HAProxy has taken it out
#   scale    start a fourth node; new pages spread onto it while the others stay where they are
# Prints messages sent, delivered, lost and duplicated, reconnects, pages still logged in, the longest gap, and a
# RESULT line of JSON per scenario. Everything runs on loopback; every process it starts is stopped at the end.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

usage() {
    cat <<EOF2
usage: modules/bench/run-rehearsal.sh [options] [-- more Rehearsal options]

options (or the environment variable in brackets)
  --scenarios "rolling kill scale"   what to play, one run each [SCENARIOS, default: rolling kill]
  --check ready|app|tcp             HAProxy's health check [CHECK, default ready: GET /health/ready on each
                                     node's SWITCHBOARD_MANAGEMENT_PORT; app: GET /chat/api/me on its own port]
  --rooms N --pages N --rate N       rooms, logged-in pages per room, messages/s into each room
                                     [ROOMS 4, PAGES 5, RATE 40]
  --steady S                         seconds of traffic before, between and after the steps [STEADY 10]
  --drain S                          the nodes' SWITCHBOARD_DRAIN_PERIOD [DRAIN 5]
  -h, --help                         this text

more environment: BENCH_JAR, CHAT_JAR, HAPROXY (/usr/sbin/haproxy), PORT (18400: HAProxy; the nodes take the
next ones), CLIENT_JAVA_OPTS (-Xmx512m), OUT_DIR (modules/bench/target/rehearsal: node logs, HAProxy's
configuration, the H2 database). The nodes share one H2 file (AUTO_SERVER) unless more options say otherwise:
-- --set SWITCHBOARD_DB_URL=jdbc:postgresql://127.0.0.1:5432/chat --set SWITCHBOARD_DB_USER=postgres
EOF2
}

BENCH_JAR=${BENCH_JAR:-$HERE/target/switchboard-bench.jar}
CHAT_JAR=${CHAT_JAR:-$ROOT/modules/chat/target/switchboard-chat.jar}
HAPROXY=${HAPROXY:-/usr/sbin/haproxy}
SCENARIOS=${SCENARIOS:-"rolling kill"}
CHECK=${CHECK:-ready}
ROOMS=${ROOMS:-4}
PAGES=${PAGES:-5}
RATE=${RATE:-40}
STEADY=${STEADY:-10}
DRAIN=${DRAIN:-5}
PORT=${PORT:-18400}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xmx512m}
OUT_DIR=${OUT_DIR:-$HERE/target/rehearsal}

MORE=()
while [ $# -gt 0 ]; do
    case "$1" in
        --scenarios) SCENARIOS=$2; shift 2 ;;
        --check) CHECK=$2; shift 2 ;;
        --rooms) ROOMS=$2; shift 2 ;;
        --pages) PAGES=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --steady) STEADY=$2; shift 2 ;;
        --drain) DRAIN=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        --) shift; MORE=("$@"); break ;;
        *) echo "unknown option '$1'; see --help" >&2; exit 2 ;;
    esac
done

for jar in "$BENCH_JAR" "$CHAT_JAR"; do
    if [ ! -f "$jar" ]; then
        echo "$jar not found; build with: mvn -B -q -DskipTests install" >&2
        exit 2
    fi
done
if [ ! -x "$HAPROXY" ]; then
    echo "$HAPROXY not found; install Debian's haproxy (apt-get install -y haproxy)" >&2
    exit 2
fi

for scenario in $SCENARIOS; do
    echo "== $scenario: 3 nodes, $ROOMS rooms x $PAGES pages, $RATE messages/s per room, check $CHECK"
    # the Java program starts and stops every process itself, SIGKILL included, whatever happens
    java $CLIENT_JAVA_OPTS -cp "$BENCH_JAR" io.switchboard.bench.rehearsal.Rehearsal \
        --scenario "$scenario" --check "$CHECK" --rooms "$ROOMS" --pages "$PAGES" --rate "$RATE" \
        --steady "$STEADY" --drain "$DRAIN" --port "$PORT" --root "$ROOT" --chat-jar "$CHAT_JAR" \
        --haproxy "$HAPROXY" --dir "$OUT_DIR" "${MORE[@]}"
done
