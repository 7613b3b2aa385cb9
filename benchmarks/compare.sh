#!/usr/bin/env bash
# Compares the benchmarks at a base commit with the current tree, on this machine, in one run.
#
#   benchmarks/compare.sh BASE_COMMIT [JMH regex] [JMH options...]
#   benchmarks/compare.sh 7666fbd 'PairBenchmark|SelectBenchmark' -p subject=channels -f 2
#
# Builds benchmarks.jar at BASE_COMMIT (in a temporary git worktree under /tmp, removed afterwards)
# and at the current tree (uncommitted changes included), then runs the two jars alternately,
# benchmark by benchmark (before then after, after then before, ...), so that a change in the
# machine's load falls on both sides alike. Prints, for every benchmark and parameter set, each
# fork's mean, score ± error for each side and the after/before ratio, and whether the difference
# is beyond the error bars. The JMH options apply to both sides (the benchmarks' own @Fork,
# @Warmup and @Measurement otherwise); the default regex is every benchmark but KafkaBenchmark (a
# broker in each fork: name it to compare it, as with run.sh). The machine's load
# average is printed first: on a busy machine the error bars are wide.
# Raw results go to benchmarks/results/tmp/compare/ (not committed).
set -euo pipefail

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
}

if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  usage
  [ $# -ge 1 ] && exit 0 || exit 2
fi
base=$1
shift
regex=.
exclude=(-e KafkaBenchmark)
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  regex=$1
  exclude=()
  shift
fi
options=("$@")

command -v python3 >/dev/null 2>&1 || { echo "python3 is needed to compare the results" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
base_sha=$(git rev-parse --verify "$base^{commit}")
out=benchmarks/results/tmp/compare
rm -rf "$out"
mkdir -p "$out"

. .mvn/find-jdk.sh
java=$JAVA_HOME/bin/java
unsafe=()
jvm_flags=()
if [ "$(channels_jdk_feature "$JAVA_HOME")" -ge 24 ]; then
  # JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about on every fork (prepend: keep @Fork's heap flags).
  unsafe=(--sun-misc-unsafe-memory-access=allow)
  jvm_flags=(-jvmArgsPrepend "${unsafe[*]}")
fi

work=$(mktemp -d /tmp/channels-compare.XXXXXX)
cleanup() {
  if [ -d "$work/base" ]; then
    git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true
  fi
  git -C "$root" worktree prune >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

build() { # $1: source tree, $2: where the jar goes
  (cd "$1" && MAVEN_OPTS="${MAVEN_OPTS:-} ${unsafe[*]}" ./mvnw -B -ntp -q -o -pl benchmarks -am package -DskipTests)
  cp "$1/benchmarks/target/benchmarks.jar" "$2"
}

echo "Building the benchmarks at $base ($base_sha) in $work/base"
git worktree add --detach "$work/base" "$base_sha" >/dev/null
build "$work/base" "$work/before.jar"
git worktree remove --force "$work/base"
echo "Building the benchmarks of the current tree"
build "$root" "$work/after.jar"

# The benchmarks to compare: those both jars have.
"$java" "${unsafe[@]}" -jar "$work/before.jar" -l "${exclude[@]}" "$regex" | sed -n 's/^\(dev\.channels\.[A-Za-z0-9_.]*\)$/\1/p' | sort > "$work/before.list"
"$java" "${unsafe[@]}" -jar "$work/after.jar" -l "${exclude[@]}" "$regex" | sed -n 's/^\(dev\.channels\.[A-Za-z0-9_.]*\)$/\1/p' | sort > "$work/after.list"
mapfile -t benchmarks < <(comm -12 "$work/before.list" "$work/after.list")
[ ${#benchmarks[@]} -gt 0 ] || { echo "no benchmark matches '$regex' in both jars" >&2; exit 1; }
comm -3 "$work/before.list" "$work/after.list" | sed 's/^\t*/only on one side, skipped: /' >&2 || true

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "Load average before the run: $load"
shown_options="${options[*]:-}"
echo "JDK: $JAVA_HOME; JMH options: ${shown_options:-none (the settings of each benchmark)}; ${#benchmarks[@]} benchmarks"
started=$SECONDS

run() { # $1: side, $2: benchmark, $3: index
  echo "== $1: $2"
  "$java" "${unsafe[@]}" -jar "$work/$1.jar" "^$2\$" -foe true -rf json -rff "$out/$3-$1.json" \
    "${jvm_flags[@]}" "${options[@]}" > "$out/$3-$1.log" 2>&1 || {
    echo "$1 failed on $2; see $out/$3-$1.log" >&2
    return 1
  }
}

i=0
for b in "${benchmarks[@]}"; do
  i=$((i + 1))
  if [ $((i % 2)) -eq 1 ]; then
    run before "$b" "$i"
    run after "$b" "$i"
  else
    run after "$b" "$i"
    run before "$b" "$i"
  fi
done

elapsed=$((SECONDS - started))
echo
python3 benchmarks/compare.py --dir "$out" --base "$base ($(git log -1 --format=%h "$base_sha"))" --load "$load" \
  --duration "$((elapsed / 60)) min $((elapsed % 60)) s" | tee "$out/comparison.md"
