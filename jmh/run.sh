#!/usr/bin/env bash
# Builds the benchmark jar through the reactor and runs a named subset, writing JMH JSON, the load harness CSV and
# the log of each part to jmh/target/results (or $RESULTS), then draws docs/benchmarks.png from them.
# Usage: jmh/run.sh [all|hashing|cache|eviction|peers|streams|load|chart] [extra JMH options...]
set -euo pipefail
cd "$(dirname "$0")/.."
subset="${1:-all}"
shift || true
# The same JDK 21+ choice as ./mvnw makes, so the jar runs where the default java is older.
. .mvn/select-jdk.sh
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=jmh/target/recall-benchmarks.jar
out="${RESULTS:-jmh/target/results}"
mkdir -p "$out"
if [[ "$subset" != chart ]]; then
  ./mvnw -B -q -pl jmh -am package -DskipTests
fi

jmh() {
  local name="$1"
  shift
  "$java" -jar "$jar" "$@" -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.log"
}

run() {
  case "$1" in
    hashing) jmh hashing 'KeyHashBenchmark' -prof gc "${@:2}" ;;
    cache) jmh cache 'FunctionCacheBenchmark' "${@:2}" ;;
    eviction) jmh eviction 'EvictionBenchmark' "${@:2}" ;;
    peers) jmh peers 'PeersBenchmark' "${@:2}" ;;
    streams) jmh streams 'StreamBenchmark' "${@:2}" ;;
    load) "$java" -cp "$jar" dev.recall.jmh.LoadHarness --csv "$out/load.csv" "${@:2}" 2>&1 | tee "$out/load.log" ;;
    chart) ;;
    *) echo "unknown subset '$1'; expected all, hashing, cache, eviction, peers, streams, load or chart" >&2
       exit 2 ;;
  esac
}

if [[ "$subset" == all ]]; then
  for part in hashing cache eviction peers streams load; do
    if [[ "$part" == load ]]; then run load; else run "$part" "$@"; fi
  done
else
  run "$subset" "$@"
fi
shopt -s nullglob
inputs=("$out"/*.json "$out"/*.csv)
if (( ${#inputs[@]} > 0 )); then
  "$java" -cp "$jar" dev.recall.jmh.Chart docs/benchmarks.png "${inputs[@]}"
fi
