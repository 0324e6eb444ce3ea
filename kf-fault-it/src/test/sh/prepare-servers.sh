#!/usr/bin/env bash
# Installs the Debian packages of the servers that the fault test starts on its own, when they are
# missing: mariadb-server (mariadbd, mariadb-install-db) and redis-server. The test kills them and
# starts them again, so it cannot use the machine's own. Installing needs root (as in CI); anyone
# else is told what to install.
set -euo pipefail

PATH=$PATH:/usr/sbin:/usr/local/sbin
packages=()
command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null || packages+=(mariadb-server)
command -v redis-server >/dev/null || packages+=(redis-server)
[ "${#packages[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "kf-fault-it: missing ${packages[*]}; install with: sudo apt-get install -y ${packages[*]}" >&2
  exit 2
fi
echo "kf-fault-it: installing ${packages[*]} (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q </dev/null >/dev/null 2>&1 || true
apt-get install -y -q -o Dpkg::Use-Pty=0 "${packages[@]}" </dev/null >/dev/null
