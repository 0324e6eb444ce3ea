#!/usr/bin/env bash
# The message benchmark of docs/benchmarks.md: starts Kefu (bin/kefu-server) on a MariaDB database
# of its own with the bare echo endpoint (kf-bench-echo.war) deployed beside it in the same Payara
# Micro, then measures, in turns, the echo endpoint and Kefu with the same visitors and frames.
#
#   kf-browser/message-bench.sh [path/to/kf.war]
#
# Environment (all optional): BENCH_PORT (8090), BENCH_SECONDS per measurement (45), BENCH_RUNS
# (2: echo, Kefu, echo, Kefu), BENCH_VISITORS (100), BENCH_AGENTS (10), BENCH_DB (kefu_bench: the
# database and an account of that name are made, and dropped at the end, through the mysql client
# as BENCH_DB_ADMIN, root by default, at BENCH_DB_HOST, 127.0.0.1:3306), BENCH_ECHO_WAR
# (kf-bench-echo/target/kf-bench-echo.war), BENCH_JAVA_OPTS (more JVM options for the server, such as
# -XX:StartFlightRecording=filename=kefu.jfr for a profile).
# Build first: mvn -B -ntp -q package -DskipTests -pl kf-standalone,kf-bench-echo -am
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
war=${1:-$top/kf-standalone/target/kf.war}
echo_war=${BENCH_ECHO_WAR:-$top/kf-bench-echo/target/kf-bench-echo.war}
port=${BENCH_PORT:-8090}
seconds=${BENCH_SECONDS:-45}
runs=${BENCH_RUNS:-2}
visitors=${BENCH_VISITORS:-100}
agents=${BENCH_AGENTS:-10}
db=${BENCH_DB:-kefu_bench}
db_host=${BENCH_DB_HOST:-127.0.0.1}
db_admin=${BENCH_DB_ADMIN:-root}
for file in "$war" "$echo_war"; do
  [ -f "$file" ] || { echo "message-bench: no $file (build it first)" >&2; exit 2; }
done

# The tool runs beside the npm packages of kf-browser, as the probe does.
node_dir=$top/kf-browser/target/node
if [ ! -d "$node_dir/node_modules/ws" ]; then
  mkdir -p "$node_dir"
  cp "$top/kf-browser/package.json" "$top/kf-browser/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --ignore-scripts)
fi
mkdir -p "$node_dir/tests"
cp -r "$top/kf-browser/src/test/js/." "$node_dir/tests/"

# Payara's pool wants a password: the database gets an account of its own.
db_password=bench-$RANDOM$RANDOM
mysql_cmd=(mysql -h "$db_host" -u "$db_admin")
"${mysql_cmd[@]}" -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  DROP USER IF EXISTS '$db'@'%'; CREATE USER '$db'@'%' IDENTIFIED BY '$db_password'; GRANT ALL ON $db.* TO '$db'@'%'"

work=$(mktemp -d "${TMPDIR:-/tmp}/kefu-bench.XXXXXX")
password=bench-$(date +%s)-$RANDOM
server=
finish() {
  if [ -n "$server" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  "${mysql_cmd[@]}" -e "DROP DATABASE IF EXISTS $db; DROP USER IF EXISTS '$db'@'%'" || true
  rm -rf "$work"
}
trap finish EXIT

# The benchmark's database is dropped at the end, so a data key of this run only is enough.
# Kefu's frame rate limit (20 per 10 s per socket) is lifted: the benchmark measures how fast
# messages go through, not how fast one client is allowed to send them.
KF_HTTP_PORT=$port KF_ADMIN_PASSWORD=$password KF_DATA_DIR=$work/data \
  KF_DB_URL="jdbc:mariadb://$db_host:3306/$db" KF_DB_USER=$db KF_DB_PASSWORD=$db_password \
  KF_DATA_KEY=$(head -c 32 /dev/urandom | base64) \
  KF_JAVA_OPTS="-Xmx2g -Dkf.ws.rate.frames=1000000000 ${BENCH_JAVA_OPTS:-}" \
  KF_PAYARA_MICRO_ARGS="--deploy $echo_war" \
  "$top/bin/kefu-server" "$war" > "$work/server.log" 2>&1 &
server=$!
base=http://127.0.0.1:$port
started=$(date +%s)
until grep -q '^Kefu is ready' "$work/server.log"; do
  if ! kill -0 "$server" 2>/dev/null || [ $(($(date +%s) - started)) -gt 600 ]; then
    tail -50 "$work/server.log" >&2
    echo "message-bench: the server did not start" >&2
    exit 1
  fi
  sleep 1
done
echo "server ready in $(($(date +%s) - started)) s"
java_pid=$(pgrep -P "$server" java | head -1)

echo "$(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $visitors visitors, $agents agents, ${seconds} s per run"
cd "$node_dir"
status=0
for run in $(seq 1 "$runs"); do
  node tests/probe/message-bench.mjs --echo-url "ws://127.0.0.1:$port/kf-bench-echo/echo" \
    --visitors "$visitors" --seconds "$seconds" --pid "$java_pid" || status=1
  node tests/probe/message-bench.mjs --base-url "$base" --admin-password "$password" \
    --visitors "$visitors" --agents "$agents" --seconds "$seconds" --pid "$java_pid" || status=1
done
if grep -q '^\s*at ' "$work/server.log"; then
  echo "message-bench: the server's log has stack traces:" >&2
  grep -m 20 -B 3 '^\s*at ' "$work/server.log" >&2
fi
exit "$status"
