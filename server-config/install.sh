#!/usr/bin/env bash
# Installs Kefu from its offline bundle on a Debian or Ubuntu server, without network access:
# Payara Server under the prefix, a domain "kefu" listening on loopback only and set up for your
# MariaDB, kf.ear deployed, a systemd unit, and an nginx site that serves Kefu over HTTPS and WSS.
# Safe to run again: what is in place and unchanged is left alone, what changed is updated.
#
#   sudo ./install.sh [options]          (from the unpacked bundle, kefu-VERSION/)
#
# Options:
#   --prefix DIR        where Kefu lives: Payara, the domain, settings, files (/opt/kefu)
#   --config FILE       KEY=VALUE lines with the settings below (read before the environment's);
#                       PREFIX/etc/kefu.env is read too when it exists
#   --user NAME         the account the server runs as (kefu, created when missing; when not
#                       run as root: yourself)
#   --systemd-dir DIR   where the unit kefu.service goes (/etc/systemd/system); none: no unit
#   --nginx-dir DIR     where the nginx site kefu.conf goes (/etc/nginx/conf.d); none: no site
#   --no-start          leave the service stopped (the default when systemd does not run)
#   --dry-run           say what would be done, and change nothing
#   -h, --help          this text
#
# Settings (environment, the --config file or PREFIX/etc/kefu.env):
#   KF_DB_URL           required: jdbc:mariadb://HOST:3306/DATABASE (the database and its user
#                       exist; docs/install.md shows the two statements)
#   KF_DB_USER          the database user (kefu)
#   KF_DB_PASSWORD      its password
#   KF_SERVER_NAME      the host name browsers use (this host's name)
#   KF_HTTPS_PORT       nginx's HTTPS port (443); KF_HTTP_PORT: nginx's plain port, which only
#                       redirects to HTTPS (80)
#   KF_TLS_CERT, KF_TLS_KEY
#                       the certificate (full chain) and key nginx presents; unset, a self-signed
#                       one is made under PREFIX/etc/tls, for a trial only
#   KF_APP_PORT         Payara's HTTP port, on 127.0.0.1 only (8080); KF_ADMIN_PORT: its admin
#                       port, on 127.0.0.1 only (4848)
#   KF_HEAP             the server's heap (-Xmx), e.g. 2g (1g)
#   KF_ADMIN_PASSWORD   the first admin's password (read only while the database is empty); unset
#                       on the first install, one is generated into PREFIX/etc/first-admin-password
#   KF_DATA_KEY         the key that encrypts visitors' personal data; unset on the first install,
#                       one is generated into PREFIX/etc/data-key. Back it up with the database.
set -euo pipefail

bundle=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }
fail() {
  echo "install: $*" >&2
  exit 1
}
say() { echo "install: $*"; }

prefix=/opt/kefu
config=
user=
systemd_dir=/etc/systemd/system
nginx_dir=/etc/nginx/conf.d
start=yes
dry_run=
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix | --config | --user | --systemd-dir | --nginx-dir)
      [ $# -ge 2 ] || fail "$1 needs a value"
      case "$1" in
        --prefix) prefix=$2 ;;
        --config) config=$2 ;;
        --user) user=$2 ;;
        --systemd-dir) systemd_dir=$2 ;;
        --nginx-dir) nginx_dir=$2 ;;
      esac
      shift
      ;;
    --no-start) start= ;;
    --dry-run) dry_run=yes ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) fail "unknown argument $1 (see --help)" ;;
  esac
  shift
done
case "$prefix" in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
prefix=${prefix%/}

# Settings: a file's lines first, the environment's values over them.
load_settings() {
  local file=$1 line key value
  [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | \#*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    value=${value#\"}
    value=${value%\"}
    case "$key" in KF_*) ;; *) fail "$file: not a KF_ setting: $line" ;; esac
    # The environment wins over the file.
    [ -n "${!key+set}" ] || export "$key=$value"
  done < "$file"
}
if [ -n "$config" ]; then
  [ -f "$config" ] || fail "no settings file at $config"
  load_settings "$config"
fi
load_settings "$prefix/etc/kefu.env"

# What the bundle holds. The application and the driver are copied under the prefix: the server,
# running as its own account, reads them from there (it may not read where the bundle lies).
ear=$bundle/kf.ear
driver=$bundle/mariadb-java-client.jar
setup_domain=$bundle/setup-domain.sh
templates=$bundle/templates
payara_zip=$(ls "$bundle"/payara-*.zip 2> /dev/null | head -n 1 || true)
if [ ! -f "$ear" ] || [ -z "$payara_zip" ]; then
  fail "run the install.sh of the unpacked offline bundle (kefu-VERSION/install.sh, built by mvn package into kf-bundle/target); $bundle holds no kf.ear and Payara zip"
fi
if [ -f "$bundle/SHA256SUMS" ]; then
  (cd "$bundle" && sha256sum --quiet -c SHA256SUMS > /dev/null 2>&1) ||
    fail "the bundle is damaged: a file does not match SHA256SUMS (copy it again)"
fi
payara_version=$(basename "$payara_zip" .zip)
payara_version=${payara_version#payara-}

# The settings, checked before anything is changed.
[ -n "${KF_DB_URL:-}" ] || fail "set KF_DB_URL (jdbc:mariadb://HOST:3306/DATABASE) in the environment or a --config file"
case "$KF_DB_URL" in
  jdbc:mariadb:* | jdbc:mysql:*) ;;
  *) fail "KF_DB_URL must be a MariaDB JDBC URL (jdbc:mariadb://...), not $KF_DB_URL" ;;
esac
port_setting() {
  local name=$1 value=$2
  case "$value" in '' | *[!0-9]*) fail "$name must be a port number, not '$value'" ;; esac
  [ "$value" -ge 1 ] && [ "$value" -le 65535 ] || fail "$name must be a port number, not '$value'"
}
https_port=${KF_HTTPS_PORT:-443}
http_port=${KF_HTTP_PORT:-80}
app_port=${KF_APP_PORT:-8080}
admin_port=${KF_ADMIN_PORT:-4848}
for setting in "KF_HTTPS_PORT:$https_port" "KF_HTTP_PORT:$http_port" "KF_APP_PORT:$app_port" "KF_ADMIN_PORT:$admin_port"; do
  port_setting "${setting%%:*}" "${setting#*:}"
done
heap=${KF_HEAP:-1g}
case "$heap" in *[0-9][mMgG]) ;; *) fail "KF_HEAP is a size such as 1g or 1536m, not '$heap'" ;; esac
server_name=${KF_SERVER_NAME:-$(hostname -f 2> /dev/null || hostname)}
case "$server_name" in '' | *[!A-Za-z0-9.:-]*) fail "KF_SERVER_NAME must be a host name, not '$server_name'" ;; esac
public_url=https://$server_name
[ "$https_port" = 443 ] || public_url=$public_url:$https_port
if [ -n "${KF_TLS_CERT:-}${KF_TLS_KEY:-}" ]; then
  [ -f "${KF_TLS_CERT:-}" ] || fail "KF_TLS_CERT names no file: ${KF_TLS_CERT:-}"
  [ -f "${KF_TLS_KEY:-}" ] || fail "KF_TLS_KEY names no file: ${KF_TLS_KEY:-}"
fi

if [ -z "$user" ]; then
  if [ "$(id -u)" -eq 0 ]; then user=kefu; else user=$(id -un); fi
fi
if [ "$(id -u)" -ne 0 ] && [ "$user" != "$(id -un)" ]; then
  fail "only root can install for the account $user; run as root, or without --user"
fi

# Java 17 or later, which both Payara Server 6 and Kefu need.
java=$(command -v java || true)
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java=$JAVA_HOME/bin/java
[ -n "$java" ] || fail "no Java found: install a JDK 17 or later (apt-get install openjdk-17-jdk-headless from your distribution's packages) or set JAVA_HOME"
java_version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${java_version%%.*}" -ge 17 ] 2> /dev/null || fail "$java is Java ${java_version:-of unknown version}; Kefu needs 17 or later (set JAVA_HOME)"
java_home=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
command -v unzip > /dev/null || [ -x "$java_home/bin/jar" ] ||
  fail "neither unzip nor the JDK's jar is here to unpack Payara (apt-get install unzip)"

# Every place written to must be writable, checked before anything is changed.
writable() {
  local dir=$1
  while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
  [ -w "$dir" ] || fail "cannot write to $1 ($dir is not writable by $(id -un)); run as root, or choose another place (see --help)"
}
writable "$prefix"
[ "$systemd_dir" = none ] || writable "$systemd_dir"
[ "$nginx_dir" = none ] || writable "$nginx_dir"

changed=0
# Runs a command that changes something, or only says it in a dry run.
act() {
  local what=$1
  shift
  changed=$((changed + 1))
  if [ -n "$dry_run" ]; then
    say "would $what"
  else
    say "$what"
    "$@"
  fi
}
# Writes a file when its content differs, with the given mode.
put() {
  local file=$1 mode=$2 content=$3
  if [ -f "$file" ] && [ "$(cat "$file")" = "$content" ]; then
    return 0
  fi
  act "write $file" write_file "$file" "$mode" "$content"
}
write_file() {
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "$3" > "$1.new"
  chmod "$2" "$1.new"
  mv -f "$1.new" "$1"
}
# Fills a template's @NAME@ placeholders.
fill() {
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@USER@|$user|g" -e "s|@JAVA_HOME@|$java_home|g" \
    -e "s|@SERVER_NAME@|$server_name|g" -e "s|@HTTPS_PORT@|$https_port|g" \
    -e "s|@HTTP_PORT@|$http_port|g" -e "s|@APP_PORT@|$app_port|g" \
    -e "s|@PUBLIC_URL@|$public_url|g" -e "s|@TLS_CERT@|$tls_cert|g" -e "s|@TLS_KEY@|$tls_key|g" \
    -e "s|@IPV6@|$ipv6|g" "$templates/$1"
}
# A command as the service's account, with a home of its own for asadmin's files.
as_user() {
  if [ "$user" = "$(id -un)" ]; then
    env HOME="$prefix/var/home" "$@"
  else
    runuser -u "$user" -- env HOME="$prefix/var/home" "$@"
  fi
}

payara=$prefix/payara6
domains=$prefix/domains
domain=$domains/kefu
asadmin=$payara/bin/asadmin
[ -n "$dry_run" ] && say "dry run: nothing is changed"
say "Kefu from $bundle into $prefix (Payara Server $payara_version, Java $java_version, account $user)"

# 1. The account.
if ! id -u "$user" > /dev/null 2>&1; then
  act "create the system account $user" useradd --system --home-dir "$prefix/var/home" \
    --no-create-home --shell /usr/sbin/nologin "$user"
fi

# 2. Folders: the account owns what the server writes.
for folder in "$prefix" "$prefix/etc" "$prefix/lib" "$prefix/var" "$prefix/var/home" "$prefix/var/data" "$domains"; do
  [ -d "$folder" ] || act "create $folder" mkdir -p "$folder"
done
own() {
  [ "$user" = "$(id -un)" ] || chown -R "$user:" "$prefix/var" "$domains"
  chmod 700 "$prefix/etc"
}
if [ -z "$dry_run" ]; then own; fi

# The settings, kept for the next run (which then needs none of them given again).
put "$prefix/etc/kefu.env" 600 "$(
  echo "# Kefu's settings for install.sh (docs/install.md); change them here and run it again."
  for key in KF_DB_URL KF_DB_USER KF_DB_PASSWORD KF_SERVER_NAME KF_HTTPS_PORT KF_HTTP_PORT \
    KF_APP_PORT KF_ADMIN_PORT KF_HEAP KF_TLS_CERT KF_TLS_KEY; do
    case $key in
      KF_DB_USER) value=${KF_DB_USER:-kefu} ;;
      KF_SERVER_NAME) value=$server_name ;;
      KF_HTTPS_PORT) value=$https_port ;;
      KF_HTTP_PORT) value=$http_port ;;
      KF_APP_PORT) value=$app_port ;;
      KF_ADMIN_PORT) value=$admin_port ;;
      KF_HEAP) value=$heap ;;
      *) value=${!key:-} ;;
    esac
    [ -z "$value" ] || echo "$key=$value"
  done
)"

# 3. Payara Server, replaced only when the bundle brings another one.
payara_sum=$(sha256sum "$payara_zip" | cut -d' ' -f1)
if [ "$(cat "$payara/.kefu-payara-sha256" 2> /dev/null || true)" != "$payara_sum" ]; then
  if [ -f "$domain/config/pid" ] && kill -0 "$(cat "$domain/config/pid")" 2> /dev/null; then
    fail "Payara Server is to be replaced while the domain runs; stop it first (systemctl stop kefu)"
  fi
  unpack_payara() {
    local work
    work=$(mktemp -d "$prefix/.payara.XXXXXX")
    if command -v unzip > /dev/null; then
      unzip -q "$payara_zip" -d "$work"
    else
      (cd "$work" && "$java_home/bin/jar" xf "$payara_zip")
    fi
    chmod +x "$work"/payara6/bin/* "$work"/payara6/glassfish/bin/*
    echo "$payara_sum" > "$work/payara6/.kefu-payara-sha256"
    rm -rf "$payara"
    mv "$work/payara6" "$payara"
    rm -rf "$work"
  }
  act "unpack Payara Server $payara_version into $payara" unpack_payara
fi

# The application and the driver, where the server reads them.
for file in kf.ear mariadb-java-client.jar; do
  cmp -s "$bundle/$file" "$prefix/lib/$file" ||
    act "copy $file into $prefix/lib" install -m 644 "$bundle/$file" "$prefix/lib/$file"
done

# 4. The domain, with every listener on loopback: nginx is the only way in.
running() {
  [ -f "$domain/config/pid" ] && kill -0 "$(cat "$domain/config/pid")" 2> /dev/null
}
loopback_only() {
  local xml=$domain/config/domain.xml
  sed -i -e 's/address="0\.0\.0\.0"/address="127.0.0.1"/g' \
    -e 's/<network-listener port=/<network-listener address="127.0.0.1" port=/g' \
    -e 's/<hazelcast-runtime-configuration /<hazelcast-runtime-configuration das-bind-address="127.0.0.1" interface="127.0.0.1" /' \
    -e 's|<jvm-options>-Dosgi.shell.telnet.ip=127.0.0.1</jvm-options>|&<jvm-options>-Dhazelcast.socket.bind.any=false</jvm-options>|' \
    -e "s|<jvm-options>-Xmx[0-9]*[mMgG]</jvm-options>|<jvm-options>-Xmx$heap</jvm-options>|" "$xml"
  grep -q 'address="0\.0\.0\.0"' "$xml" && fail "could not bind every listener of $xml to 127.0.0.1"
  return 0
}
create_domain() {
  as_user "$asadmin" --interactive=false create-domain --domaindir "$domains" \
    --adminport "$admin_port" --instanceport "$app_port" --nopassword=true kefu > /dev/null
  loopback_only
}
if [ ! -f "$domain/config/domain.xml" ]; then
  act "create the Payara domain kefu (HTTP 127.0.0.1:$app_port, admin 127.0.0.1:$admin_port, heap $heap)" create_domain
elif ! grep -q "<jvm-options>-Xmx$heap</jvm-options>" "$domain/config/domain.xml"; then
  running && fail "the heap is to change to $heap while the domain runs; stop it first (systemctl stop kefu)"
  act "set the domain's heap to $heap" sed -i "s|<jvm-options>-Xmx[0-9]*[mMgG]</jvm-options>|<jvm-options>-Xmx$heap</jvm-options>|" "$domain/config/domain.xml"
fi

# 5. Secrets kept by the installation, made once.
secret_file() {
  local file=$1 value=$2
  [ -f "$file" ] || act "keep a new ${3} in $file (readable by root only)" write_file "$file" 600 "$value"
}
if [ -z "${KF_DATA_KEY:-}" ]; then
  secret_file "$prefix/etc/data-key" "$(head -c 32 /dev/urandom | base64)" "data key"
  [ -f "$prefix/etc/data-key" ] && KF_DATA_KEY=$(cat "$prefix/etc/data-key")
fi
first_admin_file=
if [ -z "${KF_ADMIN_PASSWORD:-}" ] && [ ! -f "$domain/.kefu-deployed" ]; then
  first_admin_file=$prefix/etc/first-admin-password
  secret_file "$first_admin_file" "$(head -c 12 /dev/urandom | base64 | tr -d '/+=')" "first admin password"
  [ -f "$first_admin_file" ] && KF_ADMIN_PASSWORD=$(cat "$first_admin_file")
fi

# 6. TLS: the operator's certificate, or a self-signed one for a trial.
# nginx listens on IPv6 too where the host has it.
ipv6='# '
[ -s /proc/net/if_inet6 ] && ipv6=
if [ -n "${KF_TLS_CERT:-}" ]; then
  tls_cert=$KF_TLS_CERT
  tls_key=$KF_TLS_KEY
else
  tls_cert=$prefix/etc/tls/kefu.crt
  tls_key=$prefix/etc/tls/kefu.key
  if [ "$nginx_dir" != none ] && [ ! -f "$tls_cert" ]; then
    command -v openssl > /dev/null || fail "set KF_TLS_CERT and KF_TLS_KEY, or install openssl for a self-signed certificate"
    self_signed() {
      mkdir -p "$prefix/etc/tls"
      openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj "/CN=$server_name" \
        -addext "subjectAltName=DNS:$server_name,DNS:localhost,IP:127.0.0.1" \
        -keyout "$tls_key" -out "$tls_cert" 2> /dev/null
      chmod 600 "$tls_key"
    }
    act "make a self-signed certificate for $server_name in $prefix/etc/tls (for a trial: browsers warn; set KF_TLS_CERT and KF_TLS_KEY for your own)" self_signed
  fi
fi

# 7. The domain's resources, settings and the application, through setup-domain.sh.
ear_sum=$(sha256sum "$ear" | cut -d' ' -f1)
settings=(--set "kf.http.trusted-proxies=127.0.0.1" --set "kf.http.require-tls=true"
  --set "kf.http.public-url=$public_url" --set "kf.demo.origins=$public_url"
  --set "kf.data.dir=$prefix/var/data")
settings_sum=$( (printf '%s\n' "${settings[@]}" "$KF_DB_URL" "${KF_DB_USER:-kefu}" \
  "${KF_DB_PASSWORD:-}" "${KF_DATA_KEY:-}" "$(sha256sum "$driver" | cut -d' ' -f1)") | sha256sum | cut -d' ' -f1)
wanted="$ear_sum $settings_sum"
started_here=
restart_service=
# A domain started for the set-up is stopped again, also when the set-up fails.
stop_started_domain() {
  if [ -n "$started_here" ]; then
    started_here=
    say "stopping the domain started for its set-up"
    as_user "$asadmin" --interactive=false stop-domain --domaindir "$domains" kefu > /dev/null 2>&1 || true
  fi
}
trap stop_started_domain EXIT
set_up_domain() {
  if ! running; then
    say "starting the domain for its set-up"
    as_user "$asadmin" --interactive=false start-domain --domaindir "$domains" kefu > "$prefix/var/install-start.log" 2>&1 ||
      fail "the domain did not start; see $prefix/var/install-start.log and $domain/logs/server.log"
    started_here=yes
  fi
  # A domain already running here runs under systemd: restarted by the service manager below, not
  # by asadmin behind its back.
  local restart=()
  [ -n "$started_here" ] || restart=(--no-restart)
  local deploy=(--no-deploy)
  [ "$(cut -d' ' -f1 "$domain/.kefu-deployed" 2> /dev/null || true)" = "$ear_sum" ] || deploy=("$prefix/lib/kf.ear")
  AS_ADMIN_HOST=127.0.0.1 AS_ADMIN_PORT=$admin_port ASADMIN=$asadmin KF_DB_DRIVER=$prefix/lib/mariadb-java-client.jar \
    HOME="$prefix/var/home" KF_DB_USER="${KF_DB_USER:-kefu}" \
    KF_ADMIN_PASSWORD="${KF_ADMIN_PASSWORD:-}" KF_DATA_KEY="${KF_DATA_KEY:-}" \
    bash "$setup_domain" --exit-on-oom ${restart[@]+"${restart[@]}"} "${settings[@]}" "${deploy[@]}" > "$prefix/var/install-setup.log" 2>&1 ||
    fail "setting up the domain failed: $(grep -m1 '^setup-domain:' "$prefix/var/install-setup.log" || tail -n 1 "$prefix/var/install-setup.log") (all of it in $prefix/var/install-setup.log)"
  if grep -q '^Restart the domain' "$prefix/var/install-setup.log"; then
    restart_service=yes
  fi
  (umask 077 && echo "$wanted" > "$domain/.kefu-deployed")
  [ "$user" = "$(id -un)" ] || chown "$user:" "$domain/.kefu-deployed"
}
if [ "$(cat "$domain/.kefu-deployed" 2> /dev/null || true)" != "$wanted" ]; then
  act "set up the domain for MariaDB at ${KF_DB_URL%%\?*} and deploy kf.ear (log: $prefix/var/install-setup.log)" set_up_domain
fi

# 8. The systemd unit; the domain runs under systemd from now on.
systemd_running=
[ -d /run/systemd/system ] && systemd_running=yes
if [ "$systemd_dir" != none ]; then
  put "$systemd_dir/kefu.service" 644 "$(fill kefu.service)"
fi
stop_started_domain

# 9. The nginx site.
if [ "$nginx_dir" != none ]; then
  put "$nginx_dir/kefu.conf" 644 "$(fill nginx-kefu.conf)"
fi

if [ -z "$dry_run" ]; then own; fi
if [ "$systemd_dir" = /etc/systemd/system ] && [ -n "$systemd_running" ] && [ -z "$dry_run" ]; then
  systemctl daemon-reload
  if [ -n "$restart_service" ]; then
    say "restarting kefu for the domain's new listener and JVM settings"
    systemctl restart kefu.service || fail "systemctl could not restart kefu; see journalctl -u kefu and $domain/logs/server.log"
  fi
  if [ -n "$start" ]; then
    systemctl enable --now kefu.service > /dev/null 2>&1 || fail "systemctl could not start kefu; see journalctl -u kefu and $domain/logs/server.log"
  fi
fi
if [ "$nginx_dir" = /etc/nginx/conf.d ] && command -v nginx > /dev/null && [ -z "$dry_run" ]; then
  nginx -t -q || fail "nginx refuses its configuration with $nginx_dir/kefu.conf (nginx -t says why)"
  if [ -n "$systemd_running" ]; then systemctl reload-or-restart nginx; fi
fi

if [ -n "$dry_run" ]; then
  say "dry run done: $changed change(s) would be made"
  exit 0
fi
command -v nginx > /dev/null || [ "$nginx_dir" = none ] ||
  say "nginx is not installed here: install it (apt-get install nginx) for the site $nginx_dir/kefu.conf to serve Kefu"
if [ "$changed" -eq 0 ]; then
  say "nothing to do: Kefu is installed as this bundle has it"
fi
cat << MSG

Kefu is installed in $prefix.
  Address:        $public_url/   (admin console $public_url/admin/, agent console $public_url/agent/)
  Service:        systemctl start kefu   (unit $systemd_dir/kefu.service; log $domain/logs/server.log)
  nginx site:     $nginx_dir/kefu.conf   (certificate $tls_cert)
  Data key:       ${KF_DATA_KEY:+kept in the domain}; back up $prefix/etc with the database
MSG
if [ -n "$first_admin_file" ] && [ -f "$first_admin_file" ]; then
  echo "  First sign-in:  admin / $(cat "$first_admin_file")   (also in $first_admin_file; change it after signing in)"
elif [ ! -f "$prefix/etc/first-admin-password" ]; then
  echo "  First sign-in:  admin, with KF_ADMIN_PASSWORD"
fi
