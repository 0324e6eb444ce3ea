#!/usr/bin/env bash
# Prepares a running Payara Server 6 domain for Kefu and deploys kf.ear: the MariaDB driver, the
# kefu-pool connection pool, the jdbc/kefu resource, the first admin's password, and the
# application. Safe to run again: what exists is updated, and the application is redeployed.
# An Eclipse GlassFish 7 domain is prepared the same way, less what only Payara has
# (docs/portability.md).
#
#   server-config/payara/setup-domain.sh [options] [path/to/kf.ear]
#
# Options:
#   --no-deploy        configure the domain only
#   --set KEY=VALUE    a Kefu setting (MicroProfile Config, domain-wide; on GlassFish a system
#                      property of the server), e.g.
#                      --set kf.demo.origins=https://www.example.com; may be repeated
#   --no-timeouts      leave the HTTP listeners' timeouts and buffers as they are (by default
#                      slow clients are cut: a request may take 600 s, a body may pause 20 s;
#                      and a client that stops reading holds at most a 256 KiB socket buffer and
#                      four times as much in the server's output queue)
#   --exit-on-oom      add the JVM option -XX:+ExitOnOutOfMemoryError, so that the server process
#                      ends when its heap runs out, for its supervisor to restart it (takes effect
#                      at the restart below; it ends every application of the domain, so only
#                      where Kefu has the domain to itself)
#   --no-restart       do not restart the domain after changing its HTTP listeners or JVM options
#                      (by default it is restarted then, before the deployment: a listener
#                      Payara reconfigures while it runs may stop answering); the changes then
#                      take effect at the domain's next restart
#   -h, --help         this text
#
# Environment:
#   KF_DB_URL          required: jdbc:mariadb://HOST:3306/DATABASE
#   KF_DB_USER         the database user (kefu)
#   KF_DB_PASSWORD     its password, stored as the encrypted password alias kefu-db-password
#   KF_ADMIN_PASSWORD  the first admin's password, stored as the password alias
#                      kf.admin.password; read only while the database is empty. When unset,
#                      Kefu generates one and prints it once in the server log.
#   KF_DATA_KEY        the key that encrypts visitors' personal data (base64 of 32 random bytes,
#                      e.g. openssl rand -base64 32), stored as the password alias kf.data.key;
#                      required on the first run, kept afterwards. Back it up with the database.
#   KF_DATA_KEYS_OLD   older data keys (comma-separated) still needed to read rows not yet
#                      re-encrypted after a rotation, stored as the password alias
#                      kf.data.keys.old (docs/operations.md)
#   KF_DB_DRIVER       the MariaDB JDBC driver jar (mariadb-java-client.jar beside the EAR)
#   KF_HTTP_REQUEST_TIMEOUT_SECONDS, KF_HTTP_READ_TIMEOUT_SECONDS
#                      the listeners' request and read timeouts (600 and 20)
#   KF_HTTP_WRITE_BUFFER_BYTES
#                      the socket send buffer of a connection (262144)
#   ASADMIN            the asadmin to run (asadmin on the PATH, else $PAYARA_HOME/bin/asadmin)
#   AS_ADMIN_HOST, AS_ADMIN_PORT, AS_ADMIN_USER, AS_ADMIN_PASSWORDFILE, AS_ADMIN_SECURE
#                      which domain to talk to and how; read by asadmin itself
#                      (localhost:4848 and user admin by default)
#
# The secrets are passed to asadmin in a temporary file readable only by you, never on a command
# line, and end up in the domain's password alias store, not in domain.xml. (GlassFish reads no
# MicroProfile Config from password aliases: there domain.xml gets a system property that names
# the alias, e.g. kf.data.key=${ALIAS=kf.data.key}, never the secret.)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
fail() { echo "setup-domain: $*" >&2; exit 1; }

deploy=yes
timeouts=yes
exit_on_oom=
restart=yes
settings=()
ear=
while [ $# -gt 0 ]; do
  case "$1" in
    --no-deploy) deploy= ;;
    --no-timeouts) timeouts= ;;
    --exit-on-oom) exit_on_oom=yes ;;
    --no-restart) restart= ;;
    --set)
      [ $# -ge 2 ] || fail "--set needs KEY=VALUE"
      settings+=("$2")
      shift
      ;;
    --set=*) settings+=("${1#--set=}") ;;
    -h | --help) usage; exit 0 ;;
    -*) fail "unknown option $1 (see --help)" ;;
    *) ear=$1 ;;
  esac
  shift
done

ear=${ear:-$here/../../kf-ear/target/kf.ear}
if [ -n "$deploy" ]; then
  [ -f "$ear" ] || fail "no EAR at $ear (build it with: mvn -B -ntp -DskipTests package)"
  ear=$(cd "$(dirname "$ear")" && pwd)/$(basename "$ear")
fi
driver=${KF_DB_DRIVER:-$(dirname "$ear")/mariadb-java-client.jar}
[ -f "$driver" ] || fail "no MariaDB JDBC driver at $driver (set KF_DB_DRIVER)"
[ -n "${KF_DB_URL:-}" ] || fail "set KF_DB_URL, e.g. jdbc:mariadb://db.example:3306/kefu"
case "$KF_DB_URL" in
  jdbc:mariadb:* | jdbc:mysql:*) ;;
  *) fail "KF_DB_URL must be a MariaDB JDBC URL (jdbc:mariadb://...), not $KF_DB_URL" ;;
esac
request_timeout=${KF_HTTP_REQUEST_TIMEOUT_SECONDS:-600}
read_timeout=${KF_HTTP_READ_TIMEOUT_SECONDS:-20}
for value in "$request_timeout" "$read_timeout"; do
  case $value in
    '' | *[!0-9]* | 0) fail "timeouts are whole seconds above 0, not '$value'" ;;
  esac
done
is_data_key() { [ "$(printf '%s' "$1" | base64 -d 2> /dev/null | wc -c)" -eq 32 ]; }
if [ -n "${KF_DATA_KEY:-}" ]; then
  is_data_key "$KF_DATA_KEY" || fail "KF_DATA_KEY must be the base64 of 32 random bytes (openssl rand -base64 32)"
fi
if [ -n "${KF_DATA_KEYS_OLD:-}" ]; then
  for old in ${KF_DATA_KEYS_OLD//,/ }; do
    is_data_key "$old" || fail "each key of KF_DATA_KEYS_OLD must be the base64 of 32 random bytes"
  done
fi
db_user=${KF_DB_USER:-kefu}
db_password=${KF_DB_PASSWORD:-}

if [ -n "${ASADMIN:-}" ]; then
  asadmin=$ASADMIN
elif command -v asadmin > /dev/null; then
  asadmin=asadmin
elif [ -n "${PAYARA_HOME:-}" ] && [ -x "$PAYARA_HOME/bin/asadmin" ]; then
  asadmin=$PAYARA_HOME/bin/asadmin
else
  fail "asadmin not found: put Payara's bin/ on the PATH, or set ASADMIN or PAYARA_HOME"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kefu-setup.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

run() { "$asadmin" --interactive=false "$@"; }
# Whether a list-* subcommand names this item (read whole, so that grep cannot cut asadmin short).
listed() {
  local items
  items=$(run "$1")
  grep -qxF "$2" <<< "$items"
}
step() { echo "== $*"; }

# Sets a dotted name of the server's configuration when it differs, and remembers that the domain
# needs a restart for it: Payara reconfigures a running listener in place, and now and then leaves
# it closed ("GrizzlyProxy is NULL") until the next start.
restart_needed=
set_for_restart() {
  local name=${1%%=*} value=${1#*=} current
  current=$(run get "$name" 2> /dev/null | sed -n 's/^[^=]*=//p') || true
  if [ "$current" != "$value" ]; then
    run set "$1" > /dev/null
    restart_needed=yes
  fi
}

# A property value for --property: asadmin splits on ':' and '='.
escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/:/\\:/g' -e 's/=/\\=/g'; }

# Creates or updates a password alias. asadmin reads the secret from a password file, which also
# has to carry the admin password when the domain has one.
alias_password() {
  local name=$1 secret=$2 file=$work/aliaspassword
  : > "$file"
  if [ -n "${AS_ADMIN_PASSWORDFILE:-}" ]; then
    cat "$AS_ADMIN_PASSWORDFILE" >> "$file"
    echo >> "$file"
  fi
  # The file is read as Java properties, where a backslash escapes.
  printf 'AS_ADMIN_ALIASPASSWORD=%s\n' "$(printf '%s' "$secret" | sed 's/\\/\\\\/g')" >> "$file"
  if listed list-password-aliases "$name"; then
    run --passwordfile "$file" update-password-alias "$name" > /dev/null
  else
    run --passwordfile "$file" create-password-alias "$name" > /dev/null
  fi
  rm -f "$file"
}

run uptime > /dev/null || fail "cannot reach the domain's admin port of ${AS_ADMIN_HOST:-localhost}:${AS_ADMIN_PORT:-4848}; is it started, and are AS_ADMIN_* right?"
server=$(run version | sed -n 's/^Version = //p')
step "domain at ${AS_ADMIN_HOST:-localhost}:${AS_ADMIN_PORT:-4848} (${server:-unknown server})"
# Eclipse GlassFish lacks Payara's MicroProfile Config sources for password aliases and the
# domain, its listeners' xframe-options and MicroProfile Metrics.
glassfish=
case $server in *GlassFish*) glassfish=yes ;; esac

# On GlassFish, a system property through which MicroProfile Config reads a password alias (created
# or replaced); the server resolves ${ALIAS=...} when it sets the property.
alias_property() {
  [ -z "$glassfish" ] || run create-system-properties "$1=\${ALIAS\\=$1}" > /dev/null
}

step "MariaDB JDBC driver ($(basename "$driver"))"
run add-library --type common "$driver" > /dev/null

step "connection pool kefu-pool -> ${KF_DB_URL%%\?*}"
url=$KF_DB_URL
if [ -n "$db_password" ]; then
  alias_password kefu-db-password "$db_password"
  user_property=$db_user
  # Literally: Payara resolves the alias when it opens a connection.
  # shellcheck disable=SC2016
  password_property='${ALIAS=kefu-db-password}'
else
  # GlassFish refuses a user without a password, so a password-less account goes in the URL.
  case "$url" in *\?*) url="$url&user=$db_user" ;; *) url="$url?user=$db_user" ;; esac
  user_property=
  password_property=
fi
# Each connection taken from the pool is checked first: by the driver's isValid, one ping, where
# the check by auto-commit cost two statements on every transaction (docs/benchmarks.md).
validation=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation
if listed list-jdbc-connection-pools kefu-pool; then
  pool=resources.jdbc-connection-pool.kefu-pool
  # An empty value removes the property.
  run set "$pool.property.url=$url" "$pool.property.user=$user_property" \
    "$pool.property.password=$password_property" \
    "$pool.connection-validation-method=custom-validation" \
    "$pool.validation-classname=$validation" > /dev/null
else
  properties="url=$(escape "$url")"
  [ -n "$user_property" ] && properties="$properties:user=$(escape "$user_property"):password=$(escape "$password_property")"
  run create-jdbc-connection-pool --datasourceclassname=org.mariadb.jdbc.MariaDbDataSource \
    --restype=javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=custom-validation \
    --validationclassname="$validation" --isolationlevel=read-committed --property "$properties" kefu-pool > /dev/null
fi
if ! listed list-jdbc-resources jdbc/kefu; then
  run create-jdbc-resource --connectionpoolid=kefu-pool jdbc/kefu > /dev/null
fi
run ping-connection-pool kefu-pool > /dev/null ||
  fail "the domain cannot connect to ${KF_DB_URL%%\?*} as $db_user; see the domain's logs/server.log"

if [ -n "${KF_ADMIN_PASSWORD:-}" ]; then
  step "first admin's password (password alias kf.admin.password)"
  alias_password kf.admin.password "$KF_ADMIN_PASSWORD"
  alias_property kf.admin.password
fi

if [ -n "${KF_DATA_KEY:-}" ]; then
  step "data key (password alias kf.data.key)"
  alias_password kf.data.key "$KF_DATA_KEY"
  alias_property kf.data.key
elif ! listed list-password-aliases kf.data.key; then
  fail "set KF_DATA_KEY: Kefu keeps visitors' personal data encrypted and refuses to start without a data key (openssl rand -base64 32; keep a copy with the database's backups)"
fi
if [ -n "${KF_DATA_KEYS_OLD:-}" ]; then
  step "older data keys (password alias kf.data.keys.old)"
  alias_password kf.data.keys.old "$KF_DATA_KEYS_OLD"
  alias_property kf.data.keys.old
fi

if [ -n "$timeouts" ]; then
  # Slow clients: a request that takes longer than the request timeout (body included) is cut, and
  # so is a body that pauses for the read timeout; see docs/operations.md. Restart the domain for
  # listeners that are already running to be sure to pick them up.
  step "HTTP timeouts: request ${request_timeout} s, read ${read_timeout} s"
  network=configs.config.server-config.network-config
  for listener in http-listener-1 http-listener-2; do
    set_for_restart "$network.protocols.protocol.$listener.http.request-timeout-seconds=$request_timeout"
  done
  set_for_restart "$network.transports.transport.tcp.read-timeout-millis=$((read_timeout * 1000))"
  # A client that stops reading: without a set buffer, the system grows it (and the server's
  # output queue, four times as large) to MiBs per connection.
  set_for_restart "$network.transports.transport.tcp.socket-write-buffer-size=${KF_HTTP_WRITE_BUFFER_BYTES:-262144}"
fi

# Payara adds X-Frame-Options: SAMEORIGIN to every HTTP/1.1 answer. Kefu sets frame protection
# itself (DENY on the consoles and the API) and none on the widget's script and the demo page,
# which customers' pages of any origin load (docs/security.md).
# (GlassFish adds no such header and has no such setting.)
if [ -z "$glassfish" ]; then
  step "frame protection left to Kefu (xframe-options off on the HTTP listeners)"
  for listener in http-listener-1 http-listener-2; do
    set_for_restart "configs.config.server-config.network-config.protocols.protocol.$listener.http.xframe-options=false"
  done
fi

# Grizzly's workers take each socket's events from a queue of 4096 by default; when more sockets
# than that close at once (a network blip, a node's sockets resuming here), the rest were refused
# (RejectedExecutionException) and their closes never handled. A socket has at most one event
# waiting, so the open-file limit already bounds the queue.
step "HTTP worker queue without a fixed limit"
set_for_restart "configs.config.server-config.thread-pools.thread-pool.http-thread-pool.max-queue-size=-1"

# Each session bean keeps at most 32 instances by default while the HTTP workers are many more: a
# call beyond them made a new instance (every reference it holds looked up again) and threw it away
# after, which in a burst of arrivals was a fifteenth of a node's time. Read when Kefu is deployed.
# A fresh Payara Server domain has no EJB container element in its configuration: a set alone is
# refused (No configuration found), one after a get is taken. Where neither works, the pools keep
# the default (docs/deploy-payara-server.md).
ejb_pool=configs.config.server-config.ejb-container.max-pool-size
if run get "$ejb_pool" > /dev/null 2>&1; then
  step "session bean pools as large as the HTTP workers"
  run set "$ejb_pool=${KF_EJB_POOL_SIZE:-256}" > /dev/null
else
  step "session bean pools left at the server's default (the domain has no ejb-container settings)"
fi

# /metrics is Kefu's own, behind a bearer token (kf.metrics.token); the application server's
# MicroProfile Metrics would answer anyone at the same address. (GlassFish has none.)
if [ -z "$glassfish" ]; then
  step "the server's own /metrics off (Kefu serves /metrics)"
  run set-metrics-configuration --enabled=false --dynamic=true > /dev/null
fi

if [ -n "$exit_on_oom" ]; then
  step "JVM option -XX:+ExitOnOutOfMemoryError"
  options=$(run list-jvm-options)
  if ! grep -qxF -- '-XX:+ExitOnOutOfMemoryError' <<< "$options"; then
    run create-jvm-options -- '-XX\:+ExitOnOutOfMemoryError' > /dev/null
    restart_needed=yes
  fi
fi

for setting in ${settings[@]+"${settings[@]}"}; do
  key=${setting%%=*}
  if [ "$key" = "$setting" ] || [ -z "$key" ]; then
    fail "--set needs KEY=VALUE, not $setting"
  fi
  step "setting $key"
  if [ -n "$glassfish" ]; then
    run create-system-properties "$key=$(escape "${setting#*=}")" > /dev/null
  else
    run set-config-property --source=domain --propertyname="$key" --propertyvalue="${setting#*=}" > /dev/null
  fi
done

# restart-domain runs on this machine: without the domain's folder and name it would restart (or
# start) the installation's default domain instead. The domain says where it lives; a domain on
# another machine is left to its operator.
domain_root=
if [ -n "$restart_needed" ] && [ -n "$restart" ]; then
  case ${AS_ADMIN_HOST:-localhost} in
    localhost | 127.0.0.1 | ::1 | "$(hostname)" | "$(hostname -f 2> /dev/null || hostname)")
      domain_root=$(run --terse __locations 2> /dev/null | head -n 1) || domain_root=
      [ -f "$domain_root/config/domain.xml" ] || domain_root=
      ;;
  esac
fi
if [ -n "$domain_root" ]; then
  step "restarting the domain, so that its listeners and JVM start with the new settings"
  run restart-domain --domaindir "$(dirname "$domain_root")" "$(basename "$domain_root")" > /dev/null
  run uptime > /dev/null || fail "the domain did not come back after its restart"
elif [ -n "$restart_needed" ]; then
  echo "Restart the domain for the new listener and JVM settings to take effect."
fi

if [ -z "$deploy" ]; then
  echo "Domain ready for Kefu; deploy with: $asadmin deploy --force=true --name kf kf.ear"
  exit 0
fi

step "deploying $(basename "$ear") (the first deployment creates the schema)"
run deploy --force=true --name kf "$ear"

port=$(run get configs.config.server-config.network-config.network-listeners.network-listener.http-listener-1.port |
  sed -n 's/.*\.port=//p')
cat << MSG

Kefu is deployed. On this machine: http://localhost:${port:-8080}/ (context root as built).
  Admin console: /admin/   Agent console: /agent/   Demo page: /demo/
  Sign in as admin, with KF_ADMIN_PASSWORD or the password printed once in the domain's
  logs/server.log on the first start ("Kefu first start").
MSG
