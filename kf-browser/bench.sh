#!/usr/bin/env bash
# The benchmarks of docs/benchmarks.md, one command per scenario. Each starts Kefu (bin/kefu-server)
# on a MariaDB database of its own with the bare echo endpoint (kf-bench-echo.war) deployed beside
# it in the same Payara Micro, runs the scenario with the load client
# (kf-browser/src/test/js/probe/message-bench.mjs), prints its figures and stops the server.
#
#   kf-browser/bench.sh idle        [--steps 1000,5000,10000,max] [client options]
#   kf-browser/bench.sh throughput  [--rate 500] [--seconds 60] [client options]
#   kf-browser/bench.sh burst       [--visitors 5000 --agents 50 --capacity 5] [client options]
#   kf-browser/bench.sh echo-ratio  [--runs 2] [--seconds 45] [client options]
#
# The client's options (--out FILE for the figures as JSON, --visitors, …) are listed by
# `node tests/probe/message-bench.mjs --help` in kf-browser/target/node.
# Environment (all optional): BENCH_WAR (kf-standalone/target/kf.war), BENCH_ECHO_WAR
# (kf-bench-echo/target/kf-bench-echo.war), BENCH_PORT (8090), BENCH_HEAP (2g), BENCH_DB
# (kefu_bench: the database and an account of that name are made, and dropped at the end, through
# the mysql client as BENCH_DB_ADMIN, root by default, at BENCH_DB_HOST, 127.0.0.1:3306),
# BENCH_JAVA_OPTS (more JVM options for the server, such as -XX:StartFlightRecording=filename=kefu.jfr
# for a profile), BENCH_LOG (keep the server's log in this file).
# Build first: mvn -B -ntp -q package -DskipTests -pl kf-standalone,kf-bench-echo -am
set -euo pipefail

scenario=${1:-}
case $scenario in
  idle | throughput | burst | echo-ratio) shift ;;
  *) echo "usage: $0 idle|throughput|burst|echo-ratio [options of message-bench.mjs]" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
war=${BENCH_WAR:-$top/kf-standalone/target/kf.war}
echo_war=${BENCH_ECHO_WAR:-$top/kf-bench-echo/target/kf-bench-echo.war}
port=${BENCH_PORT:-8090}
db=${BENCH_DB:-kefu_bench}
db_host=${BENCH_DB_HOST:-127.0.0.1}
db_admin=${BENCH_DB_ADMIN:-root}
for file in "$war" "$echo_war"; do
  [ -f "$file" ] || { echo "bench: no $file (build it first)" >&2; exit 2; }
done

# Each socket is an open file in the server and in the client, both started from here: the idle
# scenario holds as many as the hard limit allows.
ulimit -n "$(ulimit -Hn)"

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
# The benchmark's database is dropped at the end, so a data key of this run only is enough.
data_key=$(head -c 32 /dev/urandom | base64)
nodes=()
finish() {
  for node in "${nodes[@]}"; do
    kill -TERM "$node" 2>/dev/null || true
  done
  for node in "${nodes[@]}"; do
    wait "$node" 2>/dev/null || true
  done
  if [ -n "${BENCH_LOG:-}" ]; then
    [ -f "$work/server.log" ] && cp "$work/server.log" "$BENCH_LOG"
  fi
  "${mysql_cmd[@]}" -e "DROP DATABASE IF EXISTS $db; DROP USER IF EXISTS '$db'@'%'" || true
  rm -rf "$work"
}
trap finish EXIT

# Starts a node of Kefu called $1 on port $2 (bin/kefu-server, its log in $work/$1.log, its data
# folder $work/$1) and waits until it is ready; sets java_pid to its JVM.
# Kefu's frame rate limit (20 per 10 s per socket) is lifted: the benchmark measures how fast
# messages go through, not how fast one client is allowed to send them.
start_node() {
  local name=$1 node_port=$2 node started
  env KF_HTTP_PORT="$node_port" KF_ADMIN_PASSWORD="$password" KF_DATA_DIR="$work/$name" \
    KF_DB_URL="jdbc:mariadb://$db_host:3306/$db" KF_DB_USER="$db" KF_DB_PASSWORD="$db_password" \
    KF_DATA_KEY="$data_key" \
    KF_JAVA_OPTS="-Xmx${BENCH_HEAP:-2g} -Dkf.ws.rate.frames=1000000000 ${BENCH_JAVA_OPTS:-}" \
    KF_PAYARA_MICRO_ARGS="--deploy $echo_war" \
    "$top/bin/kefu-server" "$war" > "$work/$name.log" 2>&1 &
  node=$!
  nodes+=("$node")
  started=$(date +%s)
  until grep -qs '^Kefu is ready' "$work/$name.log"; do
    if ! kill -0 "$node" 2>/dev/null || [ $(($(date +%s) - started)) -gt 600 ]; then
      tail -50 "$work/$name.log" >&2
      echo "bench: $name did not start" >&2
      exit 1
    fi
    sleep 1
  done
  java_pid=$(pgrep -P "$node" java | head -1)
  echo "$name ready in $(($(date +%s) - started)) s on port $node_port (pid $java_pid, heap -Xmx${BENCH_HEAP:-2g}, open files $(ulimit -n))"
}

base=http://127.0.0.1:$port
client=()
start_node server "$port"

if [ "$scenario" = echo-ratio ]; then
  client=(--echo-url "ws://127.0.0.1:$port/kf-bench-echo/echo")
fi
cd "$node_dir"
status=0
node tests/probe/message-bench.mjs --scenario "$scenario" --base-url "$base" --admin-password "$password" \
  "${client[@]}" --pid "$java_pid" "$@" || status=$?
for log in "$work"/*.log; do
  if grep -q '^\s*at ' "$log"; then
    echo "bench: the log of $(basename "$log" .log) has stack traces:" >&2
    grep -m 20 -B 3 '^\s*at ' "$log" >&2
    status=1
  fi
done
exit "$status"
