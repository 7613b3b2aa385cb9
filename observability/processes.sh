# Sourced by the checks in this folder (check-dashboard.sh, check-traces.sh), from the repository's
# root: a work directory for what they start, free loopback ports, waiting for a state, and a
# clean-up that stops every process they started, failed or not.
#
# The sourcing script defines log and fail, sets started_at, calls start_work NAME once, adds the
# pid of each process it starts to pids, and lists in failure_logs the logs to show if it fails,
# each as "label|file|lines".

# Makes $WORK and arranges for cleanup to run on any exit.
start_work() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    pids=()
    failure_logs=()
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# Shows the logs if the check failed, stops every process it started (TERM, then KILL after 10 s),
# and removes $WORK.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ $status -ne 0 ]; then
        local entry label file lines
        for entry in "${failure_logs[@]}"; do
            IFS='|' read -r label file lines <<<"$entry"
            [ -f "$file" ] && { log "last lines of $label:" >&2; tail -n "$lines" "$file" >&2; }
        done
    fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
    log "stopped everything it started ($((SECONDS - started_at)) s in all)"
    exit $status
}

# A port nothing listens on now (connecting fails).
free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    fail "found no free loopback port"
}

# Waits up to $2 seconds for command $3... to succeed while process $1 lives.
# Returns 1 when the time is up, 2 when the process ended.
wait_until() {
    local pid=$1 seconds=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        kill -0 "$pid" 2>/dev/null || return 2
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.5
    done
}
