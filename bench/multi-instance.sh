#!/usr/bin/env bash
# Three `serve --cluster` processes on one PostgreSQL (a fresh schema, dropped at the end), loaded together by the
# one load generator (`loadtest --scenario multi-instance --url … x3`). Needs server/target/nija-router.jar and
# bench/target/benchmarks.jar (`./mvnw -B -ntp -o -q package -pl bench -am -DskipTests`).
#
#   bench/multi-instance.sh [--db-url jdbc:postgresql://127.0.0.1:5432/test?user=postgres] [loadtest options…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="${JAVA_HOME:-$("$root/bin/find-java")}"
db_url="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
if [ "${1:-}" = "--db-url" ]; then db_url="$2"; shift 2; fi
schema="loadtest_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
work="$(mktemp -d /tmp/nija-multi.XXXXXX)"
export NIJA_ADMIN_TOKEN="multi-admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
export NIJA_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  # the database of the jdbc URL, with its user: psql takes the same host and port
  psql -q -h 127.0.0.1 -p 5432 -U postgres -d "$(sed -E 's#.*/([^/?]+)(\?.*)?$#\1#' <<<"$db_url")" \
       -c "DROP SCHEMA IF EXISTS $schema CASCADE" || true
  rm -rf "$work"          # data dirs: instance ids; the token and key came from the environment
}
trap cleanup EXIT
urls=()
for i in 1 2 3; do
  port=$((18180 + i))
  mkdir -p "$work/i$i"
  "$JAVA_HOME/bin/java" ${NIJA_JAVA_OPTS:-} -jar "$root/server/target/nija-router.jar" serve --cluster --db-url "$db_url" \
      --db-schema "$schema" --port "$port" --host 127.0.0.1 --data-dir "$work/i$i" --api-rate 0 --static-books \
      >"$work/i$i.log" 2>&1 &
  pids+=($!)
  urls+=(--url "http://127.0.0.1:$port")
  # one at a time: the first creates the schema (Flyway), the others find it
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
done
echo "three instances ready in schema $schema: ${urls[*]}" >&2
"$JAVA_HOME/bin/java" -cp "$root/bench/target/benchmarks.jar" io.nija.bench.LoadTest --scenario multi-instance \
    "${urls[@]}" --admin-token "$NIJA_ADMIN_TOKEN" "$@"
