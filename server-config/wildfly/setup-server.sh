#!/usr/bin/env bash
# Prepares a running WildFly server (standalone, the default profile standalone.xml) for Kefu and
# deploys kf.ear: the MariaDB driver, the data source jdbc/kefu, Kefu's secrets, what Kefu's
# sign-in needs of the web container, and the application. Safe to run again: what exists is
# updated, and the application is redeployed. What differs from Payara Server, and why:
# docs/portability.md.
#
#   server-config/wildfly/setup-server.sh [options] [path/to/kf.ear]
#
# Options:
#   --no-deploy        configure the server only
#   --set KEY=VALUE    a Kefu setting (a system property of the server, which MicroProfile Config
#                      reads), e.g. --set kf.demo.origins=https://www.example.com; may be repeated
#   -h, --help         this text
#
# Environment:
#   KF_DB_URL          required: jdbc:mariadb://HOST:3306/DATABASE
#   KF_DB_USER         the database user (kefu)
#   KF_DB_PASSWORD     its password, kept in the Elytron credential store kefu
#                      (kefu-credentials.p12 in the server's configuration folder)
#   KF_ADMIN_PASSWORD  the first admin's password; read only while the database is empty. When
#                      unset, Kefu generates one and prints it once in the server log.
#   KF_DATA_KEY        the key that encrypts visitors' personal data (base64 of 32 random bytes,
#                      e.g. openssl rand -base64 32); required on the first run, kept afterwards.
#                      Back it up with the database.
#   KF_DATA_KEYS_OLD   older data keys (comma-separated) still needed after a rotation
#                      (docs/operations.md)
#   KF_DB_DRIVER       the MariaDB JDBC driver jar (mariadb-java-client.jar beside the EAR)
#   JBOSS_CLI          the jboss-cli.sh to run (on the PATH, else $JBOSS_HOME/bin/jboss-cli.sh)
#   WILDFLY_CONTROLLER the management interface, HOST:PORT (localhost:9990)
#
# Kefu's secrets (kf.admin.password, kf.data.key, kf.data.keys.old) become files of the folder
# kefu-secrets in the server's configuration folder, readable by the server's user only, which
# MicroProfile Config reads as a directory config source. All values reach jboss-cli in a
# temporary file readable only by you, never on a command line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
fail() { echo "setup-server: $*" >&2; exit 1; }

deploy=yes
settings=()
ear=
while [ $# -gt 0 ]; do
  case "$1" in
    --no-deploy) deploy= ;;
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
driver=$(cd "$(dirname "$driver")" && pwd)/$(basename "$driver")
[ -n "${KF_DB_URL:-}" ] || fail "set KF_DB_URL, e.g. jdbc:mariadb://db.example:3306/kefu"
case "$KF_DB_URL" in
  jdbc:mariadb:* | jdbc:mysql:*) ;;
  *) fail "KF_DB_URL must be a MariaDB JDBC URL (jdbc:mariadb://...), not $KF_DB_URL" ;;
esac
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

if [ -n "${JBOSS_CLI:-}" ]; then
  cli_command=$JBOSS_CLI
elif command -v jboss-cli.sh > /dev/null; then
  cli_command=jboss-cli.sh
elif [ -n "${JBOSS_HOME:-}" ] && [ -x "$JBOSS_HOME/bin/jboss-cli.sh" ]; then
  cli_command=$JBOSS_HOME/bin/jboss-cli.sh
else
  fail "jboss-cli.sh not found: put WildFly's bin/ on the PATH, or set JBOSS_CLI or JBOSS_HOME"
fi
controller=${WILDFLY_CONTROLLER:-localhost:9990}

work=$(mktemp -d "${TMPDIR:-/tmp}/kefu-setup.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# Runs the given CLI commands (one a line) from a file, so that no value shows on a command line.
cli() {
  local file=$work/commands.cli status=0
  printf '%s\n' "$@" > "$file"
  "$cli_command" --connect --controller="$controller" --file="$file" || status=$?
  rm -f "$file"
  return $status
}
# Whether a management resource exists.
exists() { cli "$1:read-resource" > /dev/null 2>&1; }
# A value as a quoted CLI string.
quote() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
step() { echo "== $*"; }

step "server at $controller"
config_dir=$(cli ':resolve-expression(expression=${jboss.server.config.dir})' 2> /dev/null |
  sed -n 's/.*"result" => "\(.*\)".*/\1/p') ||
  true
[ -n "$config_dir" ] || fail "cannot reach the management interface at $controller; is the server started, and is WILDFLY_CONTROLLER right?"

step "MariaDB JDBC driver ($(basename "$driver"))"
cli "deploy $driver --name=mariadb-java-client.jar --force" > /dev/null

datasource=/subsystem=datasources/data-source=kefu
credentials=
if [ -n "$db_password" ]; then
  step "database password (credential store kefu, alias kefu-db-password)"
  store=/subsystem=elytron/credential-store=kefu
  if ! exists "$store"; then
    # The store's own password guards the file against others than the server's administrators,
    # who can read standalone.xml too; keep both readable by the server's user only.
    store_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    cli "$store:add(location=kefu-credentials.p12, relative-to=jboss.server.config.dir, create=true, credential-reference={clear-text=$store_password}, implementation-properties={keyStoreType=PKCS12})" > /dev/null
  fi
  aliases=$(cli "$store:read-aliases")
  if grep -qF '"kefu-db-password"' <<< "$aliases"; then
    cli "$store:set-secret(alias=kefu-db-password, secret-value=$(quote "$db_password"))" > /dev/null
  else
    cli "$store:add-alias(alias=kefu-db-password, secret-value=$(quote "$db_password"))" > /dev/null
  fi
  credentials=", credential-reference={store=kefu, alias=kefu-db-password}"
fi

step "data source jdbc/kefu (java:/jdbc/kefu) -> ${KF_DB_URL%%\?*}"
if exists "$datasource"; then
  cli "$datasource:remove" > /dev/null
fi
# READ COMMITTED, as Kefu's routing needs (docs/deploy-payara-server.md).
cli "$datasource:add(jndi-name=java:/jdbc/kefu, driver-name=mariadb-java-client.jar, connection-url=$(quote "$KF_DB_URL"), user-name=$(quote "$db_user")$credentials, transaction-isolation=TRANSACTION_READ_COMMITTED, validate-on-match=true, check-valid-connection-sql=\"SELECT 1\")" > /dev/null
cli "$datasource:test-connection-in-pool" > /dev/null ||
  fail "the server cannot connect to ${KF_DB_URL%%\?*} as $db_user; see the server's log"

secrets=$config_dir/kefu-secrets
secret() {
  local name=$1 value=$2
  (umask 077 && mkdir -p "$secrets" && printf '%s' "$value" > "$secrets/$name")
}
if [ -n "${KF_ADMIN_PASSWORD:-}" ]; then
  step "first admin's password (kf.admin.password in kefu-secrets)"
  secret kf.admin.password "$KF_ADMIN_PASSWORD"
fi
if [ -n "${KF_DATA_KEY:-}" ]; then
  step "data key (kf.data.key in kefu-secrets)"
  secret kf.data.key "$KF_DATA_KEY"
elif [ ! -f "$secrets/kf.data.key" ]; then
  fail "set KF_DATA_KEY: Kefu keeps visitors' personal data encrypted and refuses to start without a data key (openssl rand -base64 32; keep a copy with the database's backups)"
fi
if [ -n "${KF_DATA_KEYS_OLD:-}" ]; then
  step "older data keys (kf.data.keys.old in kefu-secrets)"
  secret kf.data.keys.old "$KF_DATA_KEYS_OLD"
fi
source=/subsystem=microprofile-config-smallrye/config-source=kefu-secrets
if ! exists "$source"; then
  cli "$source:add(dir={path=$(quote "$secrets")})" > /dev/null
fi

# Kefu signs staff in with its own Jakarta Security mechanism and identity stores; with WildFly's
# default (integrated-jaspi=true) Elytron looks the signed-in user up in its own realm and refuses
# (ELY01177: Authorization failed). This applies to every application of the security domain other.
step "Jakarta Security without Elytron's identity check (integrated-jaspi=false)"
cli "/subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi, value=false)" > /dev/null

# Undertow ignores the SameSite attribute of web.xml's cookie-config.
step "session cookie KFSESSION with SameSite=Lax"
filter=/subsystem=undertow/configuration=filter/expression-filter=kefu-samesite
if ! exists "$filter"; then
  cli "$filter:add(expression=\"samesite-cookie(mode=Lax, cookie-pattern=KFSESSION)\")" \
    "/subsystem=undertow/server=default-server/host=default-host/filter-ref=kefu-samesite:add" > /dev/null
fi

# docs/api.md: the REST API's OpenAPI document at /openapi.
step "MicroProfile OpenAPI (/openapi)"
if ! exists /subsystem=microprofile-openapi-smallrye; then
  exists /extension=org.wildfly.extension.microprofile.openapi-smallrye ||
    cli "/extension=org.wildfly.extension.microprofile.openapi-smallrye:add" > /dev/null
  cli "/subsystem=microprofile-openapi-smallrye:add" > /dev/null
fi

for setting in ${settings[@]+"${settings[@]}"}; do
  key=${setting%%=*}
  if [ "$key" = "$setting" ] || [ -z "$key" ]; then
    fail "--set needs KEY=VALUE, not $setting"
  fi
  step "setting $key"
  if exists "/system-property=$key"; then
    cli "/system-property=$key:write-attribute(name=value, value=$(quote "${setting#*=}"))" > /dev/null
  else
    cli "/system-property=$key:add(value=$(quote "${setting#*=}"))" > /dev/null
  fi
done

step "reload (for the settings above to take effect)"
cli ":reload" > /dev/null
for _ in $(seq 1 120); do
  state=$(cli ":read-attribute(name=server-state)" 2> /dev/null | sed -n 's/.*"result" => "\(.*\)".*/\1/p') || true
  [ "$state" = running ] && break
  sleep 1
done
[ "${state:-}" = running ] || fail "the server did not come back from its reload; see its log"

if [ -z "$deploy" ]; then
  echo "Server ready for Kefu; deploy with: $cli_command --connect --command='deploy kf.ear --force'"
  exit 0
fi

step "deploying $(basename "$ear") (the first deployment creates the schema)"
cli "deploy $ear --name=kf.ear --force"

cat << MSG

Kefu is deployed, at the root of the server's HTTP listener (http://localhost:8080/ by default).
  Admin console: /admin/   Agent console: /agent/   Demo page: /demo/
  Sign in as admin, with KF_ADMIN_PASSWORD or the password printed once in the server's log on
  the first start ("Kefu first start").
MSG
