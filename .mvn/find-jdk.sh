# Locates a JDK whose feature version is at least 21 and exports it as JAVA_HOME.
# Sourced by ./mvnw and .ci/run (POSIX sh). Order: $JAVA_HOME if it is new enough,
# then the newest JDK under /usr/lib/jvm, then the `java` on PATH.

channels_jdk_feature() {
  # Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
  fi
}

channels_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ "$(channels_jdk_feature "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  best="" best_version=0
  noglob=false
  case $- in *f*) noglob=true; set +f ;; esac # ./mvnw runs with globbing off
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    version=$(channels_jdk_feature "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best_version" ]; then
      best=$candidate best_version=$version
    fi
  done
  if $noglob; then set -f; fi
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    version=$(channels_jdk_feature "$candidate")
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then best=$candidate; fi
  fi
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found: set JAVA_HOME to one (checked \$JAVA_HOME, /usr/lib/jvm/*, javac on PATH)." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}

channels_find_jdk
