#!/usr/bin/env bash
# Lays out the offline bundle from the build's artifacts and the repository's scripts, templates
# and docs, writes its SHA256SUMS, and packs it as NAME-offline.tar.gz beside the folder.
#
#   make-bundle.sh REPOSITORY ARTIFACTS TARGET NAME VERSION
set -euo pipefail

repository=$1 artifacts=$2 target=$3 name=$4 version=$5
folder=$target/$name
rm -rf "$folder" "$target/$name-offline.tar.gz"
mkdir -p "$folder/templates" "$folder/grafana" "$folder/docs"

cp "$artifacts"/kf.ear "$artifacts"/mariadb-java-client.jar "$artifacts"/payara-*.zip "$folder/"
install -m 755 "$repository/server-config/install.sh" "$folder/install.sh"
install -m 755 "$repository/server-config/payara/setup-domain.sh" "$folder/setup-domain.sh"
install -m 644 "$repository/server-config/systemd/kefu.service" "$folder/templates/kefu.service"
install -m 644 "$repository/server-config/nginx/kefu.conf" "$folder/templates/nginx-kefu.conf"
install -m 644 "$repository/server-config/grafana/kefu-dashboard.json" "$folder/grafana/"
install -m 644 "$repository"/docs/*.md "$folder/docs/"
echo "$version" > "$folder/VERSION"
cat > "$folder/README.md" << README
# Kefu $version, offline bundle

Installs Kefu on a Debian or Ubuntu server without network access: Payara Server, the domain,
the application, a systemd unit and an nginx site for HTTPS and WSS.

    sudo KF_DB_URL=jdbc:mariadb://127.0.0.1:3306/kefu KF_DB_PASSWORD=... ./install.sh --dry-run
    sudo KF_DB_URL=jdbc:mariadb://127.0.0.1:3306/kefu KF_DB_PASSWORD=... ./install.sh

It needs Java 17 or later, MariaDB with the database and its user, and nginx, all from your
distribution's packages. Every step, setting and what to back up: docs/install.md.
README

(cd "$folder" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort |
  xargs sha256sum > SHA256SUMS)
tar -C "$target" -czf "$target/$name-offline.tar.gz" "$name"
echo "offline bundle: $target/$name-offline.tar.gz ($(du -h "$target/$name-offline.tar.gz" | cut -f1))"
