#!/usr/bin/env bash
# What one hit costs the server, with no Java client involved: for GET, HGET and each policy's read script (the
# script a memoized hit runs, composed as the policies module composes it), the server time per call from
# INFO commandstats and the round-trip latency of redis-benchmark with one connection and no pipelining.
# Starts its own redis-server on a free loopback port and stops it. Usage: jmh/server-cost.sh [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-50000}"
scripts=policies/src/main/resources/dev/recall/policies
# A port below Linux's ephemeral range (32768 and up), where an outgoing connection could already hold it.
port=$(shuf -i 20000-32000 -n 1)
while redis-cli -p "$port" ping >/dev/null 2>&1; do port=$(shuf -i 20000-32000 -n 1); done
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --logfile "$(mktemp)" --dir "$(mktemp -d)" >/dev/null
trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true' EXIT
trap 'exit 1' INT TERM HUP PIPE # so that the EXIT trap stops the server on a signal too
cli() { redis-cli -p "$port" "$@"; }
for _ in $(seq 50); do cli ping >/dev/null 2>&1 && break; sleep 0.1; done
cli ping >/dev/null || { echo "redis-server did not start on port $port" >&2; exit 1; }

value=$(printf 'x%.0s' $(seq 64))
cli set bench:key "$value" >/dev/null
cli hset bench:data bench:field "$value" >/dev/null
cli zadd bench:order 1 bench:field >/dev/null

# One row: name, then the command redis-benchmark repeats; its name in INFO commandstats is the second argument.
measure() {
  local name="$1" stat="$2"
  shift 2
  cli config resetstat >/dev/null
  local latency
  latency=$(redis-benchmark -p "$port" -c 1 -P 1 -n "$requests" --csv "$@" | tail -n 1 | cut -d, -f3 | tr -d '"')
  local server
  server=$(cli info commandstats | tr -d '\r' | awk -F'[=,]' -v s="cmdstat_$stat:calls" '$1 == s { print $6 }')
  printf '%-14s %12s %14s\n' "$name" "$server" "$(awk -v ms="$latency" 'BEGIN { printf "%.1f", ms * 1000 }')"
}

printf '%-14s %12s %14s\n' "operation" "server us" "round trip us"
measure GET get GET bench:key
measure HGET hget HGET bench:data bench:field
# Composed as LuaPolicy composes a read script: the policy's on_hit fragment, then the shared read.lua.
for policy in plain:FIFO/RR recency:LRU/MRU lfu:LFU tlru:TLRU; do
  sha=$(cli script load "$(cat "$scripts/${policy%%:*}-hit.lua" "$scripts/read.lua")")
  measure "hit ${policy#*:}" evalsha EVALSHA "$sha" 5 bench:data bench:order bench:expiry bench:seq bench:lease \
    bench:field 0 token 0
done
