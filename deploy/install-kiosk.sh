#!/usr/bin/env bash
# Install the Storywall kiosk on Raspberry Pi OS Bookworm (Lite) from this checkout.
# Usage: sudo deploy/install-kiosk.sh /path/to/kiosk.toml
set -euo pipefail

PREFIX=/opt/storywall
DATA_DIR=/var/lib/storywall
CONF_DIR=/etc/storywall
SERVICE_USER=storywall
SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)
KIOSK_TOML=${1:-}

if [ "$(id -u)" != 0 ]; then
    echo "install-kiosk: run as root (sudo)" >&2
    exit 1
fi
if [ -z "$KIOSK_TOML" ] || [ ! -f "$KIOSK_TOML" ]; then
    echo "install-kiosk: give the kiosk's config file (see firmware_config/kiosk.example.toml)" >&2
    exit 2
fi

apt-get update
# lgpio drives the pins under gpiozero on Pi 4 and Pi 5; picamera2 only comes
# from apt, so the venv sees system packages. The emoji font covers emoji that
# assets/emoji does not ship.
apt-get install -y python3 python3-venv python3-lgpio python3-picamera2 \
    fonts-noto-color-emoji fonts-dejavu-core systemd-timesyncd
id "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --home "$DATA_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
usermod -a -G gpio,video,render,input "$SERVICE_USER"
install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$DATA_DIR"
install -d -m 0755 "$CONF_DIR" "$PREFIX"

python3 -m venv --system-site-packages "$PREFIX/venv"
"$PREFIX/venv/bin/pip" install --quiet "$SRC_DIR[kiosk]"
# The theme and emoji images are data beside the code, not inside the wheel.
rm -rf "$PREFIX/assets"
cp -r "$SRC_DIR/assets" "$PREFIX/assets"

install -m 0640 -g "$SERVICE_USER" "$KIOSK_TOML" "$CONF_DIR/kiosk.toml"
install -m 0644 "$SRC_DIR/deploy/systemd/storywall-kiosk.service" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now systemd-timesyncd
systemctl enable --now storywall-kiosk
echo "install-kiosk: running; logs with: journalctl -u storywall-kiosk -f"
echo "install-kiosk: for buttons and screen settings see firmware_config/config.txt"
