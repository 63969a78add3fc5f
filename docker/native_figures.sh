#!/usr/bin/env bash
# Prints, as a Markdown table, the start-up time and resident memory of the crawler and the scheduler built as a
# fast-jar and as a native executable (after `./mvnw -Pnative ... install`). Needs PostgreSQL and Redis only for the
# services to become healthy; without them it measures the time to the first HTTP answer of /health (503 counts).
# Used by .github/workflows/native.yml (job summary); figures from CI runners, not from a production node.
set -uo pipefail
cd "$(dirname "$0")/.."
printf '| service | build | start-up to first /health answer | RSS after start-up |\n|---|---|---|---|\n'
for svc in crawler scheduler; do
  for build in jvm native; do
    if [ "$build" = jvm ]; then
      cmd=(java -jar "$svc/service/target/quarkus-app/quarkus-run.jar")
    else
      runner=$(ls "$svc"/service/target/*-runner 2>/dev/null | head -1)
      [ -n "$runner" ] || { printf '| %s | native | not built | |\n' "$svc"; continue; }
      cmd=("$runner")
    fi
    port=$((20000 + RANDOM % 20000))
    start=$(date +%s%N)
    QUARKUS_HTTP_PORT=$port PORT=$port KH_DATA_DIR=$(mktemp -d) "${cmd[@]}" >/dev/null 2>&1 &
    pid=$!
    ms="no answer in 60 s"
    for _ in $(seq 1 600); do
      if curl -s -o /dev/null "http://127.0.0.1:$port/health"; then ms="$(( ($(date +%s%N) - start) / 1000000 )) ms"; break; fi
      kill -0 "$pid" 2>/dev/null || { ms="exited"; break; }
      sleep 0.1
    done
    rss=$(awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "?")
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    printf '| %s | %s | %s | %s |\n' "$svc" "$build" "$ms" "${rss:-?}"
  done
done
