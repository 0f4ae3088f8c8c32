#!/usr/bin/env bash
# A/B of two builds of the benchmark jar on one machine: runs the same JMH selection with each jar in turn, ROUNDS
# times alternating (A B A B ...), so drift of a noisy machine falls on both sides alike. JSON and logs land in
# $RESULTS (default jmh/target/ab) as <label>-<round>.json; compare the ratios inside each fork (hit / rawGet), and
# the allocation per operation (-prof gc), which noise does not move.
# Usage: jmh/ab.sh BEFORE.jar AFTER.jar 'JMH regex' [extra JMH options...]
set -euo pipefail
cd "$(dirname "$0")/.."
if (( $# < 3 )); then
  echo "usage: jmh/ab.sh BEFORE.jar AFTER.jar 'JMH regex' [JMH options...]" >&2
  exit 2
fi
before="$1" after="$2" selection="$3"
shift 3
. .mvn/select-jdk.sh
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out="${RESULTS:-jmh/target/ab}"
rounds="${ROUNDS:-2}"
mkdir -p "$out"
for round in $(seq "$rounds"); do
  for side in before after; do
    jar="$before"
    [[ "$side" == after ]] && jar="$after"
    echo "== round $round: $side ($jar)"
    "$java" -jar "$jar" "$selection" "$@" -rf json -rff "$out/$side-$round.json" 2>&1 | tee "$out/$side-$round.log" \
      | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' || true
  done
done
