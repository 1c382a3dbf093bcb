#!/usr/bin/env bash
# Install the Storywall hub on a Debian/Raspberry Pi OS machine from this checkout.
# Usage: sudo deploy/install-hub.sh
set -euo pipefail

PREFIX=/opt/storywall
DATA_DIR=/var/lib/storywall
CONF_DIR=/etc/storywall
SERVICE_USER=storywall
SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)

if [ "$(id -u)" != 0 ]; then
    echo "install-hub: run as root (sudo)" >&2
    exit 1
fi

apt-get update
apt-get install -y python3 python3-venv
id "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --home "$DATA_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$DATA_DIR"
install -d -m 0755 "$CONF_DIR" "$PREFIX"

python3 -m venv "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install --quiet "$SRC_DIR[hub,postgres]"

if [ ! -f "$CONF_DIR/hub.env" ]; then
    secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
    sed "s/^STORYWALL_SECRET_KEY=.*/STORYWALL_SECRET_KEY=${secret}/" \
        "$SRC_DIR/deploy/hub.env.example" > "$CONF_DIR/hub.env"
    chmod 0640 "$CONF_DIR/hub.env"
    chgrp "$SERVICE_USER" "$CONF_DIR/hub.env"
fi

install -m 0644 "$SRC_DIR/deploy/systemd/storywall-hub.service" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now storywall-hub
echo "install-hub: running; put deploy/proxy/Caddyfile (or nginx.conf) in front for HTTPS"
echo "install-hub: add a site:  sudo -u $SERVICE_USER env \$(cat $CONF_DIR/hub.env) $PREFIX/venv/bin/storywall admin add-site ..."
