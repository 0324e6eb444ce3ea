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
#   kf-browser/bench.sh failover    [--visitors 5000] [--agents 5 --capacity 5] [client options]
#   kf-browser/bench.sh handshakes  [--visitors 3000 --parallel 20 --runs 2] [client options]
#
# The failover scenario starts a Redis of its own (redis-server on a free loopback port, nothing
# saved) and two nodes on the same database, sharing live events through it (KF_CLUSTER_REDIS_URL):
# node A on BENCH_PORT, node B on the next port. The visitors start on node A; when they are all
# settled the client asks, through a fifo, for node A's JVM to be killed with SIGKILL, and goes on
# to node B.
#
# The client's options (--out FILE for the figures as JSON, --visitors, …) are listed by
# `node tests/probe/message-bench.mjs --help` in kf-browser/target/node.
# Environment (all optional): BENCH_WAR (kf-standalone/target/kf.war), BENCH_ECHO_WAR
# (kf-bench-echo/target/kf-bench-echo.war), BENCH_PORT (8090), BENCH_HEAP (2g), BENCH_DB
# (kefu_bench: the database and an account of that name are made, and dropped at the end, through
# the mysql client as BENCH_DB_ADMIN, root by default, at BENCH_DB_HOST, 127.0.0.1:3306),
# BENCH_JAVA_OPTS (more JVM options for the server, such as -XX:StartFlightRecording=filename=kefu.jfr
# for a profile; {node} in them stands for the node's name, server, node-a or node-b, so that two
# nodes write two recordings: filename=kefu-{node}.jfr), BENCH_LOG (keep the server's log in this file; in the failover scenario node A's,
# and node B's in the same name with .node-b added), BENCH_KEEP_DB (1: leave the database and its
# account at the end, to look into a failed check; drop them by hand after).
# Build first: mvn -B -ntp -q package -DskipTests -pl kf-standalone,kf-bench-echo -am
set -euo pipefail

scenario=${1:-}
case $scenario in
  idle | throughput | burst | echo-ratio | failover | handshakes) shift ;;
  *) echo "usage: $0 idle|throughput|burst|echo-ratio|failover|handshakes [options of message-bench.mjs]" >&2; exit 2 ;;
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
# The benchmark's database is dropped at the end, so a data key of this run only is enough; the
# nodes of a cluster share it.
data_key=$(head -c 32 /dev/urandom | base64)
nodes=()
redis=
redis_url=
killer=
finish() {
  if [ -n "$killer" ]; then
    kill "$killer" 2>/dev/null || true
    wait "$killer" 2>/dev/null || true
  fi
  for node in "${nodes[@]}"; do
    kill -TERM "$node" 2>/dev/null || true
  done
  for node in "${nodes[@]}"; do
    wait "$node" 2>/dev/null || true
  done
  if [ -n "$redis" ]; then
    kill -TERM "$redis" 2>/dev/null || true
    wait "$redis" 2>/dev/null || true
  fi
  if [ -n "${BENCH_LOG:-}" ]; then
    [ -f "$work/server/logs/server.log" ] && cp "$work/server/logs/server.log" "$BENCH_LOG"
    [ -f "$work/node-a/logs/server.log" ] && cp "$work/node-a/logs/server.log" "$BENCH_LOG"
    [ -f "$work/node-b/logs/server.log" ] && cp "$work/node-b/logs/server.log" "$BENCH_LOG.node-b"
  fi
  if [ "${BENCH_KEEP_DB:-}" = 1 ]; then
    echo "bench: database $db and its account kept (password $db_password)" >&2
  else
    "${mysql_cmd[@]}" -e "DROP DATABASE IF EXISTS $db; DROP USER IF EXISTS '$db'@'%'" || true
  fi
  rm -rf "$work"
}
trap finish EXIT

# Starts a node of Kefu called $1 on port $2 (bin/kefu-server, what it prints in $work/$1.log, its
# data folder $work/$1 with the server's log in logs/server.log) and waits until it is ready; sets java_pid to its JVM. With redis_url set, the
# node joins the cluster that shares live events through that Redis.
# Kefu's frame rate limit (20 per 10 s per socket) is lifted: the benchmark measures how fast
# messages go through, not how fast one client is allowed to send them.
java_opts=${BENCH_JAVA_OPTS:-}
start_node() {
  local name=$1 node_port=$2 node started
  env KF_HTTP_PORT="$node_port" KF_ADMIN_PASSWORD="$password" KF_DATA_DIR="$work/$name" \
    KF_DB_URL="jdbc:mariadb://$db_host:3306/$db" KF_DB_USER="$db" KF_DB_PASSWORD="$db_password" \
    KF_DATA_KEY="$data_key" ${redis_url:+KF_CLUSTER_REDIS_URL="$redis_url"} \
    KF_JAVA_OPTS="-Xmx${BENCH_HEAP:-2g} -Dkf.ws.rate.frames=1000000000 ${java_opts//\{node\}/$name}" \
    KF_PAYARA_MICRO_ARGS="--deploy $echo_war" \
    "$top/bin/kefu-server" "$war" > "$work/$name.log" 2>&1 &
  node=$!
  nodes+=("$node")
  started=$(date +%s)
  until grep -qs '^Kefu is ready' "$work/$name.log"; do
    if ! kill -0 "$node" 2>/dev/null || [ $(($(date +%s) - started)) -gt 600 ]; then
      tail -n 50 "$work/$name.log" "$work/$name/logs/server.log" >&2
      echo "bench: $name did not start" >&2
      exit 1
    fi
    sleep 1
  done
  java_pid=$(pgrep -P "$node" java | head -1)
  echo "$name ready in $(($(date +%s) - started)) s on port $node_port (pid $java_pid, heap -Xmx${BENCH_HEAP:-2g}, open files $(ulimit -n))"
}

# A Redis of the run's own for the failover scenario's two nodes, on a free loopback port.
start_redis() {
  local redis_port
  redis_port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  mkdir -p "$work/redis"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/redis" > "$work/redis/redis.log" 2>&1 &
  redis=$!
  for _ in $(seq 1 100); do
    if [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ]; then
      redis_url=redis://127.0.0.1:$redis_port
      echo "redis ready on port $redis_port"
      return
    fi
    kill -0 "$redis" 2>/dev/null || break
    sleep 0.2
  done
  cat "$work/redis/redis.log" >&2
  echo "bench: redis-server did not start" >&2
  exit 1
}

base=http://127.0.0.1:$port
client=()
if [ "$scenario" = failover ]; then
  start_redis
  # One after the other: the first node makes the schema and the first admin.
  start_node node-a "$port"
  java_a=$java_pid
  start_node node-b "$((port + 1))"
  # The client writes a line into the fifo when every visitor is settled; node A's JVM (not its
  # script, which then ends with status 137) is killed at once.
  mkfifo "$work/kill-node-a"
  (read -r _ < "$work/kill-node-a" && kill -KILL "$java_a") &
  killer=$!
  client=(--other-url "http://127.0.0.1:$((port + 1))" --other-pid "$java_pid" --kill-fifo "$work/kill-node-a")
  java_pid=$java_a
else
  start_node server "$port"
fi

if [ "$scenario" = echo-ratio ] || [ "$scenario" = handshakes ]; then
  client=(--echo-url "ws://127.0.0.1:$port/kf-bench-echo/echo")
fi
cd "$node_dir"
status=0
node tests/probe/message-bench.mjs --scenario "$scenario" --base-url "$base" --admin-password "$password" \
  "${client[@]}" --pid "$java_pid" "$@" || status=$?
for log in "$work"/*/logs/server.log; do
  if grep -q '^\s*at ' "$log"; then
    echo "bench: the log of $(basename "$(dirname "$(dirname "$log")")") has stack traces:" >&2
    grep -m 20 -B 3 '^\s*at ' "$log" >&2
    status=1
  fi
done
exit "$status"
