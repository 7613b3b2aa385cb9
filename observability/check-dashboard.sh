#!/usr/bin/env bash
# Proves the observability stack of docker-compose.yml with real parts instead of Docker:
#
#   1. validates docker-compose.yml (`docker compose config`, or Debian's docker-compose) and the
#      files it mounts, checks that every service has a health check and waits for the services it
#      depends on to be healthy, that the demo may take longer to stop than its channels take to
#      drain, and that the Dockerfile has a HEALTHCHECK and a layered jar; and the Prometheus config
#      (promtool);
#   2. starts the demo-app jar on a free loopback port, and Debian's Prometheus on another, with
#      observability/prometheus/prometheus.yml (target rewritten to the demo, interval 1 s);
#   3. waits for samples, and for the demo to have dropped, failed, closed and queued something, and
#      for its listeners to have handled, retried and dead-lettered values;
#   4. resolves the dashboard's template variables (application, instance, channel) through
#      Prometheus, substitutes them and Grafana's built-ins ($__rate_interval, $__interval, $__range),
#      and runs every query of every panel and every annotation of every dashboard through the HTTP
#      API: an error or an empty result fails the check;
#   5. probes the demo's /actuator/health every half second from start to end, as a Kubernetes probe
#      would: every answer must be 200, while report channels close and fail and bursts fill 'orders'.
#
# With --aot it starts the jar processed ahead of time (-Dspring.aot.enabled=true) and checks that
# the demo says so when it starts.
#
# With --kafka CLASSPATH it checks docker-compose.kafka.yml the same way, with a real broker instead of
# Docker: it validates docker-compose.kafka.yml and observability/prometheus/prometheus-kafka.yml as
# in step 1; starts a single-node KRaft broker on loopback (dev.channels.demo.EmbeddedKafkaMain, from
# demo-app's test classes: CLASSPATH is demo-app's test class path) with the topic the kafka profile
# uses, created with the partitions the compose file's broker gives it; starts the jar twice with
# the environment compose gives demo-app and demo-app-2 (SPRING_PROFILES_ACTIVE=kafka, only the
# first generating load), pointed at that broker, the second once the first has committed offsets,
# so that the first is rebalanced; points Prometheus at both (prometheus-kafka.yml, rewritten as
# above); waits, beside the samples of step 3, for both replicas to consume and commit and for the
# first one's rebalance; and runs every query of every panel, the Kafka row's included.
#
# The panels of the row titled "Kafka ..." show Kafka channels only, which the plain demo has none
# of: without --kafka their queries are not run (the log says how many were left out); with --kafka
# every panel's are, and a Kafka row without panels fails the check.
#
# Everything it starts is stopped on exit, failed or not. Prometheus, jq, curl and docker-compose are
# installed with apt-get when missing and running as root. When they cannot be had, the check fails
# under CI=true and is skipped, loudly, elsewhere.
#
# Usage: observability/check-dashboard.sh [--aot | --kafka CLASSPATH] [path/to/channels-demo.jar]
# Run by `./mvnw verify` (demo-app, integration-test phase: plain, --aot and --kafka); skip all three
# with -Ddashboard.check.skip=true, or only the Kafka one with -Ddashboard.check.kafka.skip=true.
set -euo pipefail

cd "$(dirname "$0")/.."
started_at=$SECONDS

COMPOSE_FILE=docker-compose.yml
PROMETHEUS_CONFIG=observability/prometheus/prometheus.yml
DATASOURCES=observability/grafana/provisioning/datasources/prometheus.yml
DASHBOARDS=observability/grafana/dashboards
AOT=false
KAFKA=false
KAFKA_CLASSPATH=
if [ "${1:-}" = --aot ]; then
    AOT=true
    shift
elif [ "${1:-}" = --kafka ]; then
    KAFKA=true
    KAFKA_CLASSPATH=${2:-}
    [ -n "$KAFKA_CLASSPATH" ] || { echo "usage: $0 --kafka CLASSPATH [jar]: CLASSPATH is demo-app's test class path" >&2; exit 2; }
    shift 2
    COMPOSE_FILE=docker-compose.kafka.yml
    PROMETHEUS_CONFIG=observability/prometheus/prometheus-kafka.yml
fi
JAR=${1:-}
# The dashboard row whose panels need Kafka channels: checked with --kafka only.
KAFKA_ROW_PREFIX=Kafka
# Stand-ins for Grafana's built-in variables, sized for a 1 s scrape interval.
RATE_INTERVAL=10s
INTERVAL=2s
RANGE=5m
# Panel types of current Grafana; the old Angular ones (graph, singlestat, table-old) are refused.
MODERN_PANELS='["row","timeseries","stat","gauge","bargauge","heatmap","state-timeline","status-history","barchart","piechart","histogram","table","text","logs"]'

log() { printf '[dashboard-check] %s\n' "$*"; }
fail() {
    log "FAILED: $*" >&2
    exit 1
}
banner() {
    printf '\n%s\n' '************************************************************************' >&2
    printf '[dashboard-check] %s\n' "$@" >&2
    printf '%s\n\n' '************************************************************************' >&2
}
# A missing tool fails the check in CI; elsewhere (a laptop without root, say) the check is skipped.
unavailable() {
    if [ "${CI:-}" = true ]; then
        fail "$1 (CI=true: this check must run in CI)"
    fi
    banner "SKIPPED: $1" "Install it (Debian: apt-get install prometheus jq curl docker-compose) to run this check."
    exit 0
}

# --- tools --------------------------------------------------------------------------------------

have_compose() { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; }
PROMETHEUS=${PROMETHEUS:-prometheus}
missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v "$PROMETHEUS" >/dev/null 2>&1 || missing+=(prometheus)
have_compose || missing+=(docker-compose)
python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing with apt-get: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed"
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || log "apt-get install failed"
    else
        log "missing ${missing[*]}, and not root with apt-get to install them"
    fi
fi
for tool in curl jq "$PROMETHEUS"; do
    command -v "$tool" >/dev/null 2>&1 || unavailable "'$tool' is not installed"
done
python3 -c 'import yaml' >/dev/null 2>&1 || unavailable "python3 with its yaml module is not installed"
PROMTOOL=$(command -v promtool || true)

. .mvn/find-jdk.sh || fail "no JDK 21 or newer to run the demo"
JAVA="$JAVA_HOME/bin/java"

if [ -z "$JAR" ]; then
    JAR=$(ls demo-app/target/channels-demo-*.jar 2>/dev/null | head -n 1 || true)
fi
[ -n "$JAR" ] && [ -f "$JAR" ] || fail "no demo-app jar; build it first: ./mvnw -pl demo-app -am package -DskipTests"

# --- static checks ------------------------------------------------------------------------------

log "validating $COMPOSE_FILE"
if docker compose version >/dev/null 2>&1; then
    docker compose -f "$COMPOSE_FILE" config -q || fail "$COMPOSE_FILE is invalid (docker compose config)"
    log "  docker compose config: valid"
elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose -f "$COMPOSE_FILE" config -q || fail "$COMPOSE_FILE is invalid (docker-compose config)"
    log "  docker-compose config: valid"
else
    unavailable "neither 'docker compose' nor 'docker-compose' can validate $COMPOSE_FILE"
fi
# Bind mounts and the build context must exist; compose itself only checks the context.
while IFS= read -r source; do
    [ -e "$source" ] || fail "$COMPOSE_FILE mounts $source, which does not exist"
    log "  mount source exists: $source"
done < <(sed -n 's/^ *- *\(\.\/[^:]*\):.*/\1/p' "$COMPOSE_FILE")
[ -f Dockerfile ] || fail "$COMPOSE_FILE builds from Dockerfile, which does not exist"
grep -q 'url: http://prometheus:9090' "$DATASOURCES" || fail "$DATASOURCES does not point at the prometheus service"
grep -q '^  prometheus:' "$COMPOSE_FILE" || fail "$COMPOSE_FILE has no prometheus service"
if [ -n "$PROMTOOL" ]; then
    "$PROMTOOL" check config "$PROMETHEUS_CONFIG" >/dev/null || fail "promtool rejects $PROMETHEUS_CONFIG"
    log "  promtool: $PROMETHEUS_CONFIG is valid"
fi

# What compose itself does not insist on: every service has a health check, starts only once what it
# depends on is healthy, every demo replica (a service built from the Dockerfile, or running the image
# one builds) is given more time to stop than its channels take to drain, and Prometheus scrapes
# demo replicas of the compose file only, each at the demo's port.
compose_problems=$(python3 - "$COMPOSE_FILE" demo-app/src/main/resources/application.yml "$PROMETHEUS_CONFIG" <<'PY'
import re, sys, yaml

def seconds(text):
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", str(text))
    if not parts or "".join(n + u for n, u in parts) != str(text).replace(" ", ""):
        raise ValueError(f"not a duration: {text!r}")
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * scale[u] for n, u in parts)

compose = yaml.safe_load(open(sys.argv[1]))
application = yaml.safe_load(open(sys.argv[2]))
prometheus = yaml.safe_load(open(sys.argv[3]))
problems = []
services = compose.get("services", {})
built = {service["image"] for service in services.values() if "build" in service and service.get("image")}
demos = [name for name, service in services.items() if "build" in service or service.get("image") in built]
if not demos:
    problems.append("no service is built from the Dockerfile: no demo replica")
for name, service in services.items():
    check = service.get("healthcheck")
    if not check or check.get("disable"):
        problems.append(f"service {name} has no healthcheck")
    elif not check.get("test") and name not in demos:
        problems.append(f"service {name}: its healthcheck has no test (only a service running the image built from the Dockerfile may use its HEALTHCHECK)")
    depends = service.get("depends_on", {})
    if isinstance(depends, list):
        problems.append(f"service {name}: depends_on is a list; give each dependency condition: service_healthy")
    else:
        for other, how in depends.items():
            if (how or {}).get("condition") != "service_healthy":
                problems.append(f"service {name}: depends_on {other} without condition: service_healthy")
            if other not in services:
                problems.append(f"service {name} depends on {other}, which is no service")
drain = seconds(application["channels"]["shutdown"]["timeout"])
port = application["server"]["port"]
for name in demos:
    grace = services[name].get("stop_grace_period")
    if grace is None:
        problems.append(f"service {name} has no stop_grace_period (Docker's default, 10 s, would cut the drain short)")
    elif seconds(grace) <= drain:
        problems.append(f"service {name}: stop_grace_period {grace} is not above channels.shutdown.timeout ({drain:g} s)")
targets = [target for job in prometheus.get("scrape_configs", [])
           for static in job.get("static_configs", []) for target in static.get("targets", [])]
if not targets:
    problems.append(f"{sys.argv[3]} scrapes nothing")
for target in targets:
    host, _, target_port = target.partition(":")
    if host not in demos or target_port != str(port):
        problems.append(f"{sys.argv[3]} scrapes {target}, which is not a demo replica of {sys.argv[1]} at port {port}")
for name in demos:
    if f"{name}:{port}" not in targets:
        problems.append(f"{sys.argv[3]} does not scrape the demo replica {name} ({name}:{port})")
print("\n".join(problems))
PY
) || fail "could not read $COMPOSE_FILE"
[ -z "$compose_problems" ] || fail "$COMPOSE_FILE:"$'\n'"$compose_problems"
log "  every service has a health check and waits for what it depends on to be healthy; every demo replica has time to drain and is scraped"
grep -q '^HEALTHCHECK ' Dockerfile || fail "Dockerfile has no HEALTHCHECK"
grep -q 'jarmode=tools' Dockerfile || fail "Dockerfile does not extract the jar's layers (-Djarmode=tools ... extract --layers)"

DATASOURCE_UID=$(sed -n 's/^ *uid: *\([^ #]*\).*/\1/p' "$DATASOURCES" | head -n 1)
[ -n "$DATASOURCE_UID" ] || fail "$DATASOURCES gives the data source no uid"
shopt -s nullglob
dashboards=("$DASHBOARDS"/*.json)
[ ${#dashboards[@]} -gt 0 ] || fail "no dashboards in $DASHBOARDS"
for dashboard in "${dashboards[@]}"; do
    jq -e . "$dashboard" >/dev/null || fail "$dashboard is not valid JSON"
    problems=$(jq -r --arg uid "$DATASOURCE_UID" --argjson modern "$MODERN_PANELS" --argjson ds '["${datasource}", "$datasource"]' '
        def panels: .panels[]? | (., (.panels[]?));
        [ panels
          | select(.type != "row")
          | (if (.type as $t | $modern | index($t)) == null then "panel \"\(.title)\": type \(.type) is not a current panel type" else empty end),
            (if (.datasource.uid | IN($ds[])) | not then "panel \"\(.title)\": data source \(.datasource.uid) is not the variable ${datasource}" else empty end),
            (if .type != "text" and ((.targets // []) | length) == 0 then "panel \"\(.title)\": no queries" else empty end),
            (.targets[]? | select(.datasource != null and (.datasource.uid | IN($ds[]) | not)) | "panel target \(.refId): data source \(.datasource.uid)")
        ]
        + [ .templating.list[]? | select(.type == "query" and (.datasource.uid | IN($ds[]) | not)) | "variable \(.name): data source \(.datasource.uid)" ]
        + [ .annotations.list[]? | select(.builtIn != 1) | select(.datasource.uid | IN($ds[]) | not) | "annotation \(.name): data source \(.datasource.uid)" ]
        + ([ "datasource", "application", "instance", "channel" ] - [ .templating.list[]?.name ] | map("missing template variable \(.)"))
        + [ .templating.list[]? | select(.name == "datasource")
            | (if .type != "datasource" or .query != "prometheus" then "variable datasource: not a Prometheus data source variable" else empty end),
              (if .current.value != $uid then "variable datasource: defaults to \(.current.value), not the provisioned \($uid)" else empty end) ]
        + [ .templating.list[]? | select(.name == "application" and (.multi != true or .includeAll != true)) | "variable application: not multi-select with All" ]
        | .[]' "$dashboard")
    [ -z "$problems" ] || fail "$dashboard:"$'\n'"$problems"
    log "  $dashboard: panels, the data source variable (default $DATASOURCE_UID) and the variables are in order"
done

# --- processes ----------------------------------------------------------------------------------

# Processes, ports and clean-up: observability/processes.sh.
. observability/processes.sh
start_work channels-dashboard-check
failure_logs+=("Prometheus' log|$WORK/prometheus.log|20")

# With --kafka: what the compose file's broker and demo replicas are given. One line per demo replica
# ("<service> <KEY=VALUE>..."), then "topic <name>:<partitions>": the kafka profile's topic, with the
# partitions the broker creates a topic with (it is created on first use there, up front here).
if [ "$KAFKA" = true ]; then
    kafka_setup=$(python3 - "$COMPOSE_FILE" demo-app/src/main/resources/application-kafka.yml <<'PY'
import shlex, sys, yaml
compose = yaml.safe_load(open(sys.argv[1]))
profile = yaml.safe_load(open(sys.argv[2]))
services = compose["services"]
built = {s["image"] for s in services.values() if "build" in s and s.get("image")}
for name, service in services.items():
    if "build" in service or service.get("image") in built:
        env = service.get("environment") or {}
        if isinstance(env, list):
            env = dict(item.split("=", 1) for item in env)
        print(name, " ".join(shlex.quote(f"{k}={v}") for k, v in env.items()))
partitions = [s.get("environment", {}).get("KAFKA_NUM_PARTITIONS") for s in services.values()
              if str(s.get("image", "")).startswith("apache/kafka")]
topics = [c["kafka"].get("topic", n) for n, c in profile["channels"]["instances"].items() if c.get("kafka")]
if len(partitions) != 1 or partitions[0] is None or not topics:
    sys.exit(f"{sys.argv[1]}: expected one apache/kafka service with KAFKA_NUM_PARTITIONS, and a kafka channel in {sys.argv[2]}")
for topic in topics:
    print("topic", f"{topic}:{partitions[0]}")
PY
    ) || fail "could not read the broker and the demo replicas of $COMPOSE_FILE"
    mapfile -t replicas < <(grep -v '^topic ' <<<"$kafka_setup")
    mapfile -t topics < <(sed -n 's/^topic //p' <<<"$kafka_setup")
    [ ${#replicas[@]} -ge 2 ] || fail "$COMPOSE_FILE runs ${#replicas[@]} demo replica(s); the Kafka check needs two"
else
    replicas=("demo-app ")
fi

JAVA_FLAGS=(-Xmx512m)
if [ "$AOT" = true ]; then
    JAVA_FLAGS+=(-Dspring.aot.enabled=true)
fi

BOOTSTRAP=
if [ "$KAFKA" = true ]; then
    failure_logs+=("the broker's log|$WORK/kafka.log|30")
    log "starting a single-node KRaft broker (dev.channels.demo.EmbeddedKafkaMain) with topic(s) ${topics[*]}"
    "$JAVA" -Xmx512m -cp "$KAFKA_CLASSPATH" dev.channels.demo.EmbeddedKafkaMain "${topics[@]}" >"$WORK/kafka.log" 2>&1 &
    kafka_pid=$!
    pids+=("$kafka_pid")
    wait_until "$kafka_pid" 180 grep -q '^bootstrap-servers=' "$WORK/kafka.log" || fail "the broker did not come up"
    BOOTSTRAP=$(sed -n 's/^bootstrap-servers=//p' "$WORK/kafka.log" | head -n 1)
    log "  broker is up at $BOOTSTRAP after $((SECONDS - started_at)) s"
fi

# A free loopback port for each replica and for Prometheus, all different, chosen before anything
# starts: Prometheus is told every replica's address, also of one that starts later.
app_ports=()
taken=" "
for _ in "${replicas[@]}" prometheus; do
    port=$(free_port)
    while [[ $taken == *" $port "* ]]; do port=$(free_port); done
    taken+="$port "
    app_ports+=("$port")
done
PROM_PORT=${app_ports[-1]}
unset 'app_ports[-1]'

# Starts demo replica $1 (an index into replicas) on app_ports[$1]; sets app_pids[$1].
app_pids=()
start_replica() {
    local index=$1 service environment port=${app_ports[$1]}
    read -r service environment <<<"${replicas[$index]}"
    local -a env_vars=()
    eval "env_vars=($environment)"
    if [ -n "$BOOTSTRAP" ]; then
        env_vars=("${env_vars[@]/#KAFKA_BOOTSTRAP_SERVERS=*/KAFKA_BOOTSTRAP_SERVERS=$BOOTSTRAP}")
    fi
    local mode=""
    [ "$AOT" = true ] && mode=", processed ahead of time"
    log "starting the demo as $service ($JAR$mode) on 127.0.0.1:$port with $JAVA${env_vars[*]:+, environment: ${env_vars[*]}}"
    failure_logs+=("the log of $service|$WORK/app-$index.log|40")
    # Quicker bursts and report periods than the defaults, so that every panel has something to show soon;
    # health details shown, so that the probes below can tell which events they saw.
    env "${env_vars[@]}" "$JAVA" "${JAVA_FLAGS[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
        --demo.load.burst-every=3s --demo.load.burst-size=300 --demo.load.invalid-every=25 \
        --demo.reports.period=2s --demo.reports.linger=2s --demo.reports.fail-every=2 \
        --management.endpoint.health.show-details=always \
        >"$WORK/app-$index.log" 2>&1 &
    app_pids[$index]=$!
    pids+=("$!")
}

# Waits for replica $1 to answer its health endpoint (300 s at most: only a bound on a hang; three JVMs
# start on a busy machine with --kafka), then probes it every half second until the end, as
# Kubernetes would: one line per answer in probes-$1.txt, "<status> <code> <channel states>".
await_and_probe() {
    local index=$1 pid=${app_pids[$1]} port=${app_ports[$1]}
    wait_until "$pid" 300 curl -fsS "http://127.0.0.1:$port/actuator/health" \
        || fail "the demo did not come up on 127.0.0.1:$port"
    log "  demo is up on 127.0.0.1:$port after $((SECONDS - started_at)) s"
    if [ "$AOT" = true ]; then
        grep -q 'Starting AOT-processed' "$WORK/app-$index.log" || fail "the demo did not start from its AOT-processed code"
        log "  the demo runs the code generated ahead of time ('Starting AOT-processed ...' in its log)"
    fi
    (
        while kill -0 "$pid" 2>/dev/null; do
            answer=$(curl -sS --max-time 10 -w '\n%{http_code}' "http://127.0.0.1:$port/actuator/health" 2>/dev/null || true)
            code=${answer##*$'\n'}
            body=${answer%$'\n'*}
            states=$(jq -r '[.components.channels.components // {} | to_entries[] | "\(.key)=\(.value.details.state)\(if .value.details.fill == 1 then "+full" else "" end)"] | join(",")' <<<"$body" 2>/dev/null || true)
            echo "$code $states" >>"$WORK/probes-$index.txt"
            sleep 0.5
        done
    ) &
    pids+=("$!")
    curl -fsS "http://127.0.0.1:$port/actuator/prometheus" -o "$WORK/scrape-$index.txt" \
        || fail "the demo does not serve /actuator/prometheus"
}

# The first replica now; with --kafka the second once the first has committed, so that it is rebalanced.
start_replica 0
await_and_probe 0
app_pid=${app_pids[0]}

rewrite=(-e 's/^\( *\)scrape_interval: .*/\1scrape_interval: 1s/' -e 's/^\( *\)evaluation_interval: .*/\1evaluation_interval: 1s/')
for index in "${!replicas[@]}"; do
    read -r service _ <<<"${replicas[$index]}"
    rewrite+=(-e "s/\\b$service:8080\\b/127.0.0.1:${app_ports[$index]}/")
done
sed "${rewrite[@]}" "$PROMETHEUS_CONFIG" >"$WORK/prometheus.yml"
for port in "${app_ports[@]}"; do
    grep -q "127.0.0.1:$port" "$WORK/prometheus.yml" || fail "could not point $PROMETHEUS_CONFIG at the demo on port $port"
done
grep -q ':8080' "$WORK/prometheus.yml" && fail "$PROMETHEUS_CONFIG scrapes a target the check does not run: $(grep ':8080' "$WORK/prometheus.yml")"
grep -q 'scrape_interval: 1s' "$WORK/prometheus.yml" || fail "could not shorten the scrape interval of $PROMETHEUS_CONFIG"
log "starting Prometheus ($("$PROMETHEUS" --version 2>&1 | head -n 1)) on 127.0.0.1:$PROM_PORT, scraping 127.0.0.1:${app_ports[*]}"
"$PROMETHEUS" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
prom_pid=$!
pids+=("$prom_pid")
PROM="http://127.0.0.1:$PROM_PORT"
wait_until "$prom_pid" 60 curl -fsS "$PROM/-/ready" || fail "Prometheus did not come up on 127.0.0.1:$PROM_PORT"

# Runs an instant query; prints the API's JSON answer.
query() { curl -sS --max-time 10 --get --data-urlencode "query=$1" "$PROM/api/v1/query"; }
# Succeeds when the query returns at least one series.
has_series() { query "$1" | jq -e '.status == "success" and (.data.result | length) > 0' >/dev/null; }
# Waits for each condition in turn to return a series, while the first replica lives.
await_conditions() {
    local condition
    for condition in "$@"; do
        wait_until "$prom_pid" 90 has_series "$condition" || fail "no data for: $condition"
        kill -0 "$app_pid" 2>/dev/null || fail "the demo stopped"
        log "  ok: $condition"
    done
}

if [ "$KAFKA" = true ]; then
    first="instance=\"127.0.0.1:${app_ports[0]}\""
    log "waiting for the first replica to send to the broker, consume and commit"
    await_conditions \
        "up{$first} == 1" \
        "sum(channel_remote_send_seconds_count{$first, outcome=\"success\"}) > 0" \
        "sum(channel_remote_commits_total{$first}) > 0"
    start_replica 1
    await_and_probe 1
    second="instance=\"127.0.0.1:${app_ports[1]}\""
    log "waiting for the second replica to take partitions from the first (a rebalance), consume and commit"
    await_conditions \
        "up{$second} == 1" \
        "sum(channel_remote_rebalances_total{$first}) >= 2" \
        "sum(channel_remote_commits_total{$second}) > 0" \
        "count(channel_remote_lag_messages) >= 2"
fi

log "waiting for samples and for the demo to have something to show"
await_conditions \
    'up{job="channels-demo"} == 1' \
    'count_over_time(up{job="channels-demo"}[5m]) >= 12' \
    'count(count by (name) (channel_size_messages)) >= 4' \
    'sum(channel_dropped_total) > 0' \
    'sum(channel_listener_failures_total) > 0' \
    'sum(channel_listener_handled_seconds_count{outcome="success"}) > 0' \
    'sum(channel_listener_retries_total) > 0' \
    'sum(channel_listener_dead_letters_total) > 0' \
    'sum(max_over_time(channel_close_events_total{cause="close"}[5m])) > 0' \
    'sum(max_over_time(channel_close_events_total{cause="fail"}[5m])) > 0' \
    'sum(max_over_time(channel_waiting_threads{operation="send"}[5m])) > 0' \
    'sum(channel_buffer_wait_seconds_count) > 0'

# Probes that saw a report channel closed, one failed, and 'orders' full, each answered 200 like every other.
saw() { grep -q "^200 .*[ ,]$1\b" "$WORK/probes-0.txt" 2>/dev/null; }
for event in 'reports=closed' 'reports=failed' 'orders=open+full'; do
    wait_until "$app_pid" 90 saw "$event" || fail "no health probe answered 200 while it saw $event"
    log "  ok: a health probe saw $event and was answered 200"
done

# What the Kafka row will show, for the log: each replica's counts so far.
if [ "$KAFKA" = true ]; then
    for meter in rebalances commits redelivered unreadable; do
        counts=$(query "sum by (instance) (channel_remote_${meter}_total)" \
            | jq -r '[.data.result[] | "\(.metric.instance) \(.value[1])"] | join(", ")')
        log "  Kafka $meter so far: $counts"
    done
fi

# --- the dashboards' queries --------------------------------------------------------------------

# Each panel with the title of the row it is in ("" before the first row): a collapsed row holds its
# panels, an open one is followed by them.
IN_ROW='def in_row: foreach (.panels[]?) as $p (""; if $p.type == "row" then $p.title else . end;
    if $p.type == "row" then ($p.panels[]? | {row: $p.title, panel: .}) else {row: ., panel: $p} end);'
passed=0
failed=0
for dashboard in "${dashboards[@]}"; do
    log "dashboard $dashboard"
    kafka_panels=$(jq --arg kafka_row "$KAFKA_ROW_PREFIX" "$IN_ROW"'[in_row | select(.row | startswith($kafka_row))] | length' "$dashboard")
    if [ "$KAFKA" = true ]; then
        if [ "$kafka_panels" = 0 ]; then
            failed=$((failed + 1))
            log "  FAIL  no panels in a row titled \"$KAFKA_ROW_PREFIX...\": nothing shows the Kafka channels"
        else
            log "  the $kafka_panels panels of the $KAFKA_ROW_PREFIX row are checked too"
        fi
    elif [ "$kafka_panels" != 0 ]; then
        log "  the $kafka_panels panels of the $KAFKA_ROW_PREFIX row are left out: the plain demo has no Kafka channel (--kafka checks them)"
    fi
    vars='{}'
    # Variables in order, each query with the ones before it substituted; the All value stands for a multi-value variable.
    while IFS= read -r variable; do
        name=$(jq -r .name <<<"$variable")
        definition=$(jq -r '.query.query? // .query // .definition' <<<"$variable")
        resolved=$(jq -rn --arg q "$definition" --argjson vars "$vars" \
            'reduce ($vars | to_entries[]) as $v ($q; gsub("\\$\\{" + $v.key + "(:[a-z]+)?\\}|\\$" + $v.key + "\\b"; $v.value))')
        if [[ $resolved =~ ^label_values\((.*),[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*\)$ ]]; then
            selector=${BASH_REMATCH[1]}
            label=${BASH_REMATCH[2]}
        elif [[ $resolved =~ ^label_values\([[:space:]]*([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*\)$ ]]; then
            selector='{__name__=~".+"}'
            label=${BASH_REMATCH[1]}
        else
            fail "variable $name: cannot evaluate '$definition' (only label_values(...) is supported)"
        fi
        answer=$(curl -sS --max-time 10 --get --data-urlencode "match[]=$selector" "$PROM/api/v1/label/$label/values")
        values=$(jq -c '.data // []' <<<"$answer")
        if [ "$(jq -r .status <<<"$answer")" != success ] || [ "$(jq length <<<"$values")" = 0 ]; then
            failed=$((failed + 1))
            log "  FAIL  variable \$$name: $resolved -> $(jq -c '.error // "no values"' <<<"$answer")"
            continue
        fi
        if [ "$(jq -r '.includeAll // false' <<<"$variable")" = true ] && [ "$(jq -r '.allValue // empty' <<<"$variable")" != "" ]; then
            value=$(jq -r .allValue <<<"$variable")
        else
            value=$(jq -r '.[0]' <<<"$values")
        fi
        vars=$(jq -c --arg k "$name" --arg v "$value" '. + {($k): $v}' <<<"$vars")
        passed=$((passed + 1))
        log "  ok    variable \$$name = $value   (values: $(jq -r 'join(", ")' <<<"$values"))"
    done < <(jq -c '.templating.list[]? | select(.type == "query")' "$dashboard")

    while IFS= read -r target; do
        title=$(jq -r .title <<<"$target")
        expr=$(jq -r .expr <<<"$target")
        ref=$(jq -r .refId <<<"$target")
        if [[ $expr == *'$'* ]]; then
            failed=$((failed + 1))
            log "  FAIL  $title [$ref]: unresolved variable in: $expr"
            continue
        fi
        answer=$(query "$expr")
        status=$(jq -r .status <<<"$answer")
        series=$(jq -r '.data.result | length' <<<"$answer" 2>/dev/null || echo 0)
        if [ "$status" != success ]; then
            failed=$((failed + 1))
            log "  FAIL  $title [$ref]: $(jq -r '.error // "no answer"' <<<"$answer")"
            log "        $expr"
        elif [ "$series" = 0 ]; then
            failed=$((failed + 1))
            log "  FAIL  $title [$ref]: no series"
            log "        $expr"
        else
            passed=$((passed + 1))
            log "  ok    $title [$ref]: $series series"
        fi
    done < <(jq -c --argjson vars "$vars" --arg rate "$RATE_INTERVAL" --arg interval "$INTERVAL" --arg range "$RANGE" \
        --argjson kafka "$KAFKA" --arg kafka_row "$KAFKA_ROW_PREFIX" "$IN_ROW"'
        def subst: reduce ($vars | to_entries[]) as $v (.; gsub("\\$\\{" + $v.key + "(:[a-z]+)?\\}|\\$" + $v.key + "\\b"; $v.value))
            | gsub("\\$\\{?__rate_interval\\}?"; $rate) | gsub("\\$\\{?__interval\\}?"; $interval) | gsub("\\$\\{?__range\\}?"; $range);
        (in_row | select($kafka or (.row | startswith($kafka_row) | not)) | .panel | .title as $title
         | .targets[]? | select(.hide != true) | {title: $title, refId, expr: (.expr | subst)}),
        (.annotations.list[]? | select(.builtIn != 1 and .enable != false)
         | {title: "annotation \(.name)", refId: "-", expr: ((.expr // .target.expr) | subst)})' "$dashboard")
done

# --- the health probes -------------------------------------------------------------------------

for index in "${!app_pids[@]}"; do
    read -r service _ <<<"${replicas[$index]}"
    file="$WORK/probes-$index.txt"
    probes=$(wc -l <"$file")
    not_ok=$(grep -cv '^200 ' "$file" || true)
    log "health of $service: $probes probes, $not_ok not answered 200"
    if [ "$not_ok" != 0 ] || [ "$probes" -lt 10 ]; then
        failed=$((failed + 1))
        log "  FAIL  every probe must be answered 200 (and there must be at least 10):"
        grep -v '^200 ' "$file" | head -n 5 | sed 's/^/        /'
    else
        passed=$((passed + 1))
        log "  ok    every one of the $probes probes was answered 200"
    fi
done

log "$passed checks passed, $failed failed; $((SECONDS - started_at)) s"
echo "dashboard: $passed passed, $failed failed"
[ "$failed" = 0 ] || fail "$failed dashboard queries or health checks failed"
