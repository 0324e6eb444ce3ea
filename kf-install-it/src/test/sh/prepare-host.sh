#!/usr/bin/env bash
# Installs the Debian packages that the offline installation test's host needs, when they are
# missing: nginx (the reverse proxy install.sh writes a site for), mariadb-server (a database of
# the test's own inside its network namespace) and unzip. Installing needs root (as in CI), and so
# does the test itself; anyone else is told what to install.
set -euo pipefail

PATH=$PATH:/usr/sbin:/usr/local/sbin
packages=()
command -v nginx > /dev/null || packages+=(nginx-light)
command -v mariadbd > /dev/null && command -v mariadb-install-db > /dev/null || packages+=(mariadb-server)
command -v unzip > /dev/null || packages+=(unzip)
[ "${#packages[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "kf-install-it: missing ${packages[*]}; install with: sudo apt-get install -y ${packages[*]}" >&2
  exit 2
fi
echo "kf-install-it: installing ${packages[*]} (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q < /dev/null > /dev/null 2>&1 || true
apt-get install -y -q -o Dpkg::Use-Pty=0 "${packages[@]}" < /dev/null > /dev/null
