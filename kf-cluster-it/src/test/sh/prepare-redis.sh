#!/usr/bin/env bash
# Installs Debian's redis-server when it is missing: the cluster test starts a Redis of its own,
# so that it can stop it and start it again under the running nodes.
# Installing Debian packages needs root (as in CI); anyone else is told what to install.
set -euo pipefail

command -v redis-server >/dev/null && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "kf-cluster-it: redis-server is missing; install with: sudo apt-get install -y redis-server" >&2
  exit 2
fi
echo "kf-cluster-it: installing redis-server (Debian package)"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q -o Dpkg::Use-Pty=0 redis-server </dev/null >/dev/null 2>&1 || {
  apt-get update -q </dev/null >/dev/null 2>&1
  apt-get install -y -q -o Dpkg::Use-Pty=0 redis-server </dev/null >/dev/null
}
