#!/usr/bin/env bash
# Installs what the browser tests need, and only what is missing, so a second run costs nothing:
#   - Debian's chromium (the tests drive the system browser; playwright-core downloads none),
#   - a font with Chinese glyphs, so zh-CN screenshots show text instead of empty boxes,
#   - the npm packages of package-lock.json, into the given folder (never the source tree).
#
#   prepare-browser.sh <node folder holding package.json, package-lock.json and .npmrc>
#
# Installing Debian packages needs root (as in CI); anyone else is told what to install.
set -euo pipefail

node_dir=${1:?usage: prepare-browser.sh <node folder>}
chromium=/usr/bin/chromium

missing=()
[ -x "$chromium" ] || missing+=(chromium)
# fc-list comes with fontconfig, which chromium depends on; before chromium exists, ask for the font too.
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  missing+=(fonts-wqy-microhei)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "kf-browser: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "kf-browser: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get install -y -q -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null >"$node_dir/apt.log" 2>&1; }
  mkdir -p "$node_dir"
  # Package lists may be absent on a fresh machine, or too old for the current versions.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null || ! apt_install; then
    apt-get update -q </dev/null >"$node_dir/apt-update.log" 2>&1
    apt_install || { cat "$node_dir/apt.log" >&2; exit 1; }
  fi
  [ -x "$chromium" ] || { echo "kf-browser: $chromium still missing after apt-get install" >&2; exit 1; }
fi

# npm ci empties node_modules first; skip it while the installed tree matches the lock file.
stamp=$node_dir/node_modules/.kf-installed-from-lock.json
if ! cmp -s "$node_dir/package-lock.json" "$stamp" 2>/dev/null; then
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$node_dir/package-lock.json" "$stamp"
  echo "kf-browser: npm packages installed in $node_dir/node_modules"
fi
echo "kf-browser: $("$chromium" --version 2>/dev/null || echo chromium), playwright-core $(cd "$node_dir" && node -p "require('playwright-core/package.json').version")"
