#!/usr/bin/env bash
# Proves that the demo's traces reach Zipkin whole, with a real Zipkin server instead of Docker:
#
#   1. starts Zipkin (io.zipkin:zipkin-server's executable jar from Maven Central, the server that
#      docker-compose.yml runs as openzipkin/zipkin) on a free loopback port, in memory;
#   2. starts the demo-app jar on another, its load generator off, reporting to that Zipkin, with
#      each stage's DEBUG log lines on;
#   3. places one order (POST /orders) and waits until Zipkin has its trace;
#   4. checks the trace: one trace id from the request through validation ('orders receive'),
#      payment ('payments settle') and notification ('notifications receive'), each span the child
#      of the one before, tagged with its channel and listener; and that the demo's log line of every
#      stage of that order carries the trace id.
#
# Everything it starts is stopped on exit, failed or not. The Zipkin jar is fetched with ./mvnw into
# the local Maven repository when missing; curl and jq are installed with apt-get when missing and
# running as root. When they cannot be had, the check fails under CI=true and is skipped, loudly,
# elsewhere.
#
# Usage: observability/check-traces.sh [path/to/channels-demo.jar]
# Run by `./mvnw verify` (demo-app, integration-test phase); skip with -Dtrace.check.skip=true.
set -euo pipefail

cd "$(dirname "$0")/.."
started_at=$SECONDS
ZIPKIN_VERSION=${ZIPKIN_VERSION:-3.5.1}
JAR=${1:-}

log() { printf '[trace-check] %s\n' "$*"; }
fail() {
    log "FAILED: $*" >&2
    exit 1
}
unavailable() {
    if [ "${CI:-}" = true ]; then
        fail "$1 (CI=true: this check must run in CI)"
    fi
    printf '\n%s\n[trace-check] SKIPPED: %s\n%s\n\n' '********' "$1" '********' >&2
    exit 0
}

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing with apt-get: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || true
fi
for tool in curl jq; do
    command -v "$tool" >/dev/null 2>&1 || unavailable "'$tool' is not installed"
done

. .mvn/find-jdk.sh || fail "no JDK 21 or newer to run the demo"
JAVA="$JAVA_HOME/bin/java"

if [ -z "$JAR" ]; then
    JAR=$(ls demo-app/target/channels-demo-*.jar 2>/dev/null | head -n 1 || true)
fi
[ -n "$JAR" ] && [ -f "$JAR" ] || fail "no demo-app jar; build it first: ./mvnw -pl demo-app -am package -DskipTests"

REPO=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
ZIPKIN_JAR="$REPO/io/zipkin/zipkin-server/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"
if [ ! -f "$ZIPKIN_JAR" ]; then
    log "fetching io.zipkin:zipkin-server:$ZIPKIN_VERSION (exec jar)"
    ./mvnw -q -B -ntp dependency:get -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" -Dtransitive=false \
        >/dev/null 2>&1 || true
fi
[ -f "$ZIPKIN_JAR" ] || unavailable "the Zipkin server jar could not be had ($ZIPKIN_JAR)"

# Processes, ports and clean-up: observability/processes.sh.
. observability/processes.sh
start_work channels-trace-check
failure_logs+=("the demo's log|$WORK/app.log|30")
failure_logs+=("Zipkin's log|$WORK/zipkin.log|15")

ZIPKIN_PORT=$(free_port)
log "starting Zipkin $ZIPKIN_VERSION on 127.0.0.1:$ZIPKIN_PORT (in memory)"
QUERY_PORT=$ZIPKIN_PORT STORAGE_TYPE=mem "$JAVA" -Xmx256m -jar "$ZIPKIN_JAR" --server.address=127.0.0.1 \
    >"$WORK/zipkin.log" 2>&1 &
zipkin_pid=$!
pids+=("$zipkin_pid")
ZIPKIN="http://127.0.0.1:$ZIPKIN_PORT"
wait_until "$zipkin_pid" 180 curl -fsS "$ZIPKIN/health" || fail "Zipkin did not come up on 127.0.0.1:$ZIPKIN_PORT"
log "  Zipkin is up after $((SECONDS - started_at)) s"

APP_PORT=$(free_port)
while [ "$APP_PORT" = "$ZIPKIN_PORT" ]; do APP_PORT=$(free_port); done
log "starting the demo ($JAR) on 127.0.0.1:$APP_PORT, reporting to Zipkin"
"$JAVA" -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$APP_PORT" --demo.load.enabled=false \
    --demo.reports.enabled=false --logging.level.dev.channels.demo=debug \
    --management.tracing.export.zipkin.enabled=true \
    --management.tracing.export.zipkin.endpoint="$ZIPKIN/api/v2/spans" \
    >"$WORK/app.log" 2>&1 &
app_pid=$!
pids+=("$app_pid")
wait_until "$app_pid" 180 curl -fsS "http://127.0.0.1:$APP_PORT/actuator/health" \
    || fail "the demo did not come up on 127.0.0.1:$APP_PORT"
log "  demo is up after $((SECONDS - started_at)) s"

receipt=$(curl -fsS -X POST -H 'Content-Type: application/json' \
    -d '{"customer":"ada","sku":"book-17","quantity":2,"unitPriceCents":1500}' "http://127.0.0.1:$APP_PORT/orders") \
    || fail "POST /orders was refused"
order=$(jq -r .id <<<"$receipt")
log "  placed order $order"

# The order's trace, once Zipkin has all four spans of it.
trace_json() {
    curl -fsS --get --data-urlencode "serviceName=channels-demo" --data-urlencode "spanName=notifications receive" \
        --data-urlencode "limit=10" "$ZIPKIN/api/v2/traces" >"$WORK/traces.json" || return 1
    jq -e '[.[] | select([.[].name] | (index("http post /orders") and index("orders receive")
            and index("payments settle") and index("notifications receive")))] | length == 1' "$WORK/traces.json"
}
wait_until "$app_pid" 90 trace_json || fail "Zipkin has no whole trace of order $order: $(cat "$WORK/traces.json" 2>/dev/null | head -c 2000)"
jq '[.[] | select([.[].name] | index("http post /orders"))][0]' "$WORK/traces.json" >"$WORK/trace.json"
trace_id=$(jq -r '.[0].traceId' "$WORK/trace.json")
log "  Zipkin has trace $trace_id with $(jq length "$WORK/trace.json") spans: $(jq -r '[.[].name] | join(", ")' "$WORK/trace.json")"

span() { jq -c --arg n "$1" '[.[] | select(.name == $n)] | if length == 1 then .[0] else error("\(length) spans named \($n)") end' "$WORK/trace.json"; }
request=$(span "http post /orders") || fail "the trace has no single request span"
validation=$(span "orders receive") || fail "the trace has no single validation span"
payment=$(span "payments settle") || fail "the trace has no single payment span"
notification=$(span "notifications receive") || fail "the trace has no single notification span"
parent_of() { jq -r '.parentId // "none"' <<<"$1"; }
id_of() { jq -r .id <<<"$1"; }
[ "$(parent_of "$validation")" = "$(id_of "$request")" ] || fail "validation's parent is not the request"
[ "$(parent_of "$payment")" = "$(id_of "$validation")" ] || fail "the payment's parent is not validation"
[ "$(parent_of "$notification")" = "$(id_of "$payment")" ] || fail "the notification's parent is not the payment"
log "  ok: request -> orders receive -> payments settle -> notifications receive, each the child of the one before"
[ "$(jq -r '.tags.channel' <<<"$validation")" = orders ] || fail "the validation span is not tagged channel=orders"
[ "$(jq -r '.tags.listener' <<<"$notification")" = notificationSender.send ] \
    || fail "the notification span is not tagged with its listener"
[ "$(jq -r '.tags.outcome' <<<"$notification")" = success ] || fail "the notification span's outcome is not success"
log "  ok: the listener spans carry channel, listener and outcome"

for line in "Order $order is valid" "Order $order paid in batch" "notified of order $order"; do
    grep -F "$line" "$WORK/app.log" | grep -qF "[$trace_id," || fail "the log line '$line' does not carry trace $trace_id"
    log "  ok: '$line' is logged with [$trace_id,...]"
done
log "passed"
