#!/usr/bin/env bash
# Prints, as a Markdown table, the start-up time and resident memory of the crawler and the scheduler built as a
# fast-jar and as a native executable (after `./mvnw -Pnative ... install`):
#   - each service started as a long-running process: time until GET /health answers 200 (PostgreSQL and Redis
#     reachable, migrations already applied) and its RSS then;
#   - the scheduler's one-shot `refresh-due` (what the CronJob runs every five minutes): wall time to exit 0 and its
#     peak RSS.
# The services need PostgreSQL and Redis to become healthy: the script starts its own on 127.0.0.1 (initdb/pg_ctl from
# PATH or /usr/lib/postgresql/*/bin, redis-server from PATH) unless DATABASE_URL and REDIS_URL are set, and applies the
# migrations with one unmeasured run of the fast-jar scheduler first. The JVM runs with the images' options
# (docker/*.Dockerfile: JAVA_OPTS). Used by .github/workflows/native.yml (job summary): figures from a CI runner, not
# from a production node.
set -uo pipefail
cd "$(dirname "$0")/.."
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
java_opts=(-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError --add-modules jdk.incubator.vector
           -Djava.util.logging.manager=org.jboss.logmanager.LogManager)
work=$(mktemp -d)
pids=()
pgbin=""
as_pg=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "$pgbin" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ -z "${REDIS_URL:-}" ]; then
  command -v redis-server >/dev/null || { echo "native_figures.sh: no redis-server (or set REDIS_URL)" >&2; exit 1; }
  rport=$(free_port)
  redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  pids+=($!)
  export REDIS_URL="redis://127.0.0.1:$rport"
fi
if [ -z "${DATABASE_URL:-}" ]; then
  if command -v initdb >/dev/null; then pgbin=$(dirname "$(command -v initdb)"); else pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); fi
  [ -x "$pgbin/initdb" ] || { echo "native_figures.sh: no PostgreSQL binaries (or set DATABASE_URL)" >&2; exit 1; }
  mkdir -p "$work/pg"
  if [ "$(id -u)" -eq 0 ]; then   # initdb refuses to run as root
    chmod 755 "$work"; chown postgres "$work/pg"; as_pg=(runuser -u postgres --)
  fi
  pport=$(free_port)
  "${as_pg[@]}" "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg/data" -w -l "$work/pg/server.log" \
    -o "-p $pport -c listen_addresses=127.0.0.1 -k $work/pg" start >/dev/null || { cat "$work/pg/server.log" >&2; exit 1; }
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$pport/postgres"
fi

command_of() {   # command_of SERVICE BUILD: the command line, or nothing when that build is missing
  if [ "$2" = jvm ]; then
    local jar="$1/service/target/quarkus-app/quarkus-run.jar"
    [ -f "$jar" ] && echo "$java ${java_opts[*]} -jar $jar"
  else
    ls "$1"/service/target/*-runner 2>/dev/null | head -1
  fi
}

# Migrations: one unmeasured run, so that every measured start-up finds the schema in place.
migrate=$(command_of scheduler jvm)
if [ -z "$migrate" ] || ! KH_DATA_DIR="$work" $migrate refresh-due >"$work/migrate.log" 2>&1; then
  echo "native_figures.sh: the fast-jar scheduler's refresh-due failed; its log:" >&2; tail -20 "$work/migrate.log" >&2
  exit 1
fi

printf '| service | build | start-up to /health 200 | RSS then | scheduler `refresh-due` (one-shot) to exit 0 | its peak RSS |\n'
printf '|---|---|---|---|---|---|\n'
for svc in crawler scheduler; do
  for build in jvm native; do
    cmd=$(command_of "$svc" "$build")
    [ -n "$cmd" ] || { printf '| %s | %s | not built | | | |\n' "$svc" "$build"; continue; }
    port=$(free_port)
    data=$(mktemp -d -p "$work")
    start=$(date +%s%N)
    QUARKUS_HTTP_PORT=$port PORT=$port KH_DATA_DIR=$data $cmd >"$data/log" 2>&1 &
    pid=$!
    ms="no 200 in 60 s" rss="?"
    for _ in $(seq 1 1200); do
      code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")
      if [ "$code" = 200 ]; then
        ms="$(( ($(date +%s%N) - start) / 1000000 )) ms"
        rss=$(awk '/VmRSS/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo "?")
        break
      fi
      kill -0 "$pid" 2>/dev/null || { ms="exited (log: $(tail -1 "$data/log" | cut -c1-80))"; break; }
      sleep 0.05
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    once="" peak=""
    if [ "$svc" = scheduler ]; then
      # exit status, wall time in ms and peak RSS in MB of the child (getrusage)
      read -r rc once peak < <(KH_DATA_DIR=$data python3 - $cmd refresh-due <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(rc, int((time.monotonic() - t) * 1000), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
      )
      if [ "$rc" = 0 ]; then once="$once ms" peak="$peak MB"; else once="exit $rc" peak=""; fi
    fi
    printf '| %s | %s | %s | %s | %s | %s |\n' "$svc" "$build" "$ms" "$rss" "$once" "$peak"
  done
done
