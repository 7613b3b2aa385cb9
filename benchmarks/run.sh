#!/usr/bin/env bash
# Runs the benchmark suite (JMH and Go) and writes benchmarks/results/latest.md.
#
#   benchmarks/run.sh            quick profile: every workload, 2 forks, short iterations (about 15 minutes on 2 cores)
#   benchmarks/run.sh --full     the numbers to publish: 2 forks, longer iterations (about 70 minutes)
#   benchmarks/run.sh --smoke    proves that everything runs end to end (about 4 minutes); noise, not numbers
#
# Options: --skip-build (reuse benchmarks/target/benchmarks.jar), --no-go (skip Go), and any other
# argument is a JMH benchmark regex, e.g. `benchmarks/run.sh --smoke PairBenchmark`.
# KafkaBenchmark (a broker in each fork, seconds per invocation) runs only when a regex names it:
# `benchmarks/run.sh --full --no-go KafkaBenchmark`.
# The quick and full profiles also replace the benchmark table in README.md, unless a regex narrows
# the run. Raw outputs go to benchmarks/results/tmp/ (not committed).
set -euo pipefail

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}

profile=quick
build=true
with_go=true
filters=()
for arg in "$@"; do
  case $arg in
    --smoke | --quick | --full) profile=${arg#--} ;;
    --skip-build) build=false ;;
    --no-go) with_go=false ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
    *) filters+=("$arg") ;;
  esac
done

# Every profile but smoke runs 2 forks: the report judges stability by comparing fork means, so
# the quick profile keeps its budget with shorter iterations rather than a single fork.
case $profile in
  smoke) jmh_settings=(-f 1 -wi 1 -w 200ms -i 1 -r 200ms); go_settings=(-benchtime 100ms -count 2) ;;
  quick) jmh_settings=(-f 2 -wi 2 -w 300ms -i 3 -r 500ms); go_settings=(-benchtime 300ms -count 5) ;;
  full) jmh_settings=(-f 2 -wi 3 -w 2s -i 5 -r 2s); go_settings=(-benchtime 2s -count 10) ;;
esac

command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to write the report" >&2; exit 1; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results=benchmarks/results
tmp=$results/tmp
mkdir -p "$tmp"
started=$SECONDS

# The same JDK as the build: $JAVA_HOME if it is 21 or newer, else the newest under /usr/lib/jvm.
. .mvn/find-jdk.sh
java=$JAVA_HOME/bin/java
unsafe=()
if [ "$(channels_jdk_feature "$JAVA_HOME")" -ge 24 ]; then
  # JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about on every fork.
  unsafe=(--sun-misc-unsafe-memory-access=allow)
fi
echo "JDK: $JAVA_HOME ($("$java" -version 2>&1 | head -n 1))"

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "Load average before the run: $load"
if [ "$profile" != smoke ] && awk -v l="${load%% *}" 'BEGIN { exit !(l > 0.5) }' 2>/dev/null; then
  echo "WARNING: the machine is busy (load $load); the numbers will be noisy. Measure on a quiet machine." >&2
fi

if $build; then
  MAVEN_OPTS="${MAVEN_OPTS:-} ${unsafe[*]}" ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "$jar is missing: run without --skip-build" >&2; exit 1; }

# ---------------------------------------------------------------- Go, the native reference
go_status=measured
go_version=
rm -f "$tmp/go.txt"
if ! $with_go; then
  go_status="not measured (--no-go)"
else
  if ! command -v go >/dev/null 2>&1; then
    echo "Go is missing: installing Debian's golang package"
    sudo=
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; fi
    if command -v apt-get >/dev/null 2>&1; then
      { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq golang; } ||
        echo "WARNING: could not install golang; Go will be marked not measured" >&2
    fi
  fi
  if command -v go >/dev/null 2>&1; then
    go_version=$(go version)
    echo "Go: $go_version"
    # Offline and self-contained: the module has no dependencies, nothing is downloaded.
    if (cd benchmarks/go &&
        GOPATH="$root/$tmp/go/path" GOCACHE="$root/$tmp/go/cache" GOPROXY=off GOFLAGS=-mod=mod \
        GOTOOLCHAIN=local GOTELEMETRY=off \
        go test -run '^$' -bench . -benchmem "${go_settings[@]}") 2>&1 | tee "$tmp/go.txt"; then
      :
    else
      go_status="not measured (go test failed; see $tmp/go.txt)"
    fi
  else
    go_status="not measured (no Go toolchain)"
  fi
fi

# ---------------------------------------------------------------- JMH
jvm_flags=()
if [ ${#unsafe[@]} -gt 0 ]; then
  # Prepend, not append: the benchmarks' own @Fork(jvmArgsAppend) (heap size) must stay.
  jvm_flags=(-jvmArgsPrepend "${unsafe[*]}")
fi
selection=("${filters[@]}")
if [ ${#filters[@]} -eq 0 ]; then
  # Not in the default set: each fork starts a Kafka broker, and an invocation moves 10,000 values
  # through it in seconds, which would add minutes of mostly start-up to the quick profile.
  selection=(-e KafkaBenchmark)
fi
"$java" "${unsafe[@]}" -jar "$jar" "${jmh_settings[@]}" -foe false -to 2min -prof gc \
  -rf json -rff "$tmp/jmh.json" "${jvm_flags[@]}" "${selection[@]}" 2>&1 | tee "$tmp/jmh.log"

# ---------------------------------------------------------------- the report
elapsed=$((SECONDS - started))
readme=()
if [ "$profile" != smoke ] && [ ${#filters[@]} -eq 0 ]; then
  readme=(--readme README.md)
fi
command="benchmarks/run.sh"
[ "$profile" = quick ] || command+=" --$profile"
$with_go || command+=" --no-go"
python3 benchmarks/report.py --jmh "$tmp/jmh.json" --go "$tmp/go.txt" --go-status "$go_status" \
  --go-version "$go_version" --profile "$profile" --jmh-settings "${jmh_settings[*]} -prof gc" \
  --go-settings "-benchmem ${go_settings[*]}" --load "$load" --duration "$((elapsed / 60)) min $((elapsed % 60)) s" \
  --command "$command${filters[*]:+ ${filters[*]}}" --out "$results/latest.md" "${readme[@]}"
echo "Wrote $results/latest.md in $((elapsed / 60)) min $((elapsed % 60)) s${readme:+; updated README.md}"
