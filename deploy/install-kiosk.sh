#!/usr/bin/env bash
# Install (or update) the Storywall kiosk on Raspberry Pi OS Bookworm (Lite) from this checkout.
#
#   sudo deploy/install-kiosk.sh [--dry-run] [--read-only-root [--data-partition SPEC]] \
#       (--config FILE | --provision URL)
#
#   --config FILE      the kiosk's settings (see firmware_config/kiosk.example.toml)
#   --provision URL    the hub's one-time link (`storywall admin provision-kiosk ID`): its
#                      answer is a complete kiosk.toml with the kiosk's token inside
#   --dry-run          print every step as `would: ...` and change nothing (no root needed;
#                      a provisioning link is not fetched, since fetching uses it up)
#   --read-only-root   afterwards, run deploy/kiosk-readonly.sh: root on overlayfs, the
#                      outbox on the data partition SPEC (default LABEL=storywall-data)
#   --data-partition SPEC  the data partition for --read-only-root (LABEL=... or UUID=...)
#   -h, --help         print this help
#
# A kiosk.toml still naming the example's placeholder hub (hub.example.org, or any
# example.org/.com/.net address) or token (sw_k_...) is refused before anything changes.
#
# Re-running is safe: each step checks before it changes anything, an existing kiosk.toml
# that differs is kept as kiosk.toml.previous, and the kiosk is restarted on the new code.
set -euo pipefail

readonly PREFIX=/opt/storywall
readonly VENV=$PREFIX/venv
readonly DATA_DIR=/var/lib/storywall
readonly CONF_DIR=/etc/storywall
readonly CONF_FILE=$CONF_DIR/kiosk.toml
readonly SERVICE_USER=storywall
readonly SERVICE_GROUPS=(gpio video render input)
readonly UNIT=storywall-kiosk.service
readonly UNIT_DIR=/etc/systemd/system
readonly JOURNALD_DROPIN=/etc/systemd/journald.conf.d/storywall-volatile.conf
readonly WATCHDOG_DROPIN=/etc/systemd/system.conf.d/storywall-watchdog.conf
readonly BACKLIGHT_RULE=/etc/udev/rules.d/60-storywall-backlight.rules
readonly POWEROFF_RULE=/etc/polkit-1/rules.d/50-storywall-poweroff.rules
readonly BOOT_CONFIG=/boot/firmware/config.txt
readonly DEFAULT_DATA_PARTITION=LABEL=storywall-data
# lgpio drives the pins under gpiozero on Pi 4 and Pi 5; picamera2 comes only from apt
# (it needs the system libcamera), so the venv sees system site packages. The emoji font
# covers emoji that assets/emoji does not ship; curl fetches a provisioning link; polkitd
# lets the service user power off from the shutdown button.
readonly PACKAGES=(
    python3 python3-venv python3-pip python3-lgpio python3-picamera2
    fonts-noto-color-emoji fonts-dejavu-core curl ca-certificates systemd-timesyncd polkitd
)
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly SRC_DIR

DRY_RUN=0
READ_ONLY_ROOT=0
DATA_PARTITION=$DEFAULT_DATA_PARTITION
CONFIG=""
PROVISION_URL=""

say() { printf 'install-kiosk: %s\n' "$*"; }
warn() { printf 'install-kiosk: warning: %s\n' "$*" >&2; }
die() {
    printf 'install-kiosk: %s\n' "$*" >&2
    exit 2
}

# The help is the comment block at the top of this file, whole.
usage() {
    awk 'NR < 2 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"
}

# Every change goes through run: printed (dry run) or done.
run() {
    if [[ $DRY_RUN == 1 ]]; then
        printf 'would: %s\n' "$*"
    else
        "$@"
    fi
}

# Put SOURCE at TARGET with MODE and GROUP, only when its content or mode differs.
place() {
    local source=$1 target=$2 mode=$3 group=${4:-root}
    if [[ -f $target ]] && cmp -s "$source" "$target" &&
        [[ $(stat -c '%a %G' "$target") == "${mode#0} $group" ]]; then
        say "unchanged: $target"
        return 1
    fi
    run install -D -m "$mode" -o root -g "$group" "$source" "$target"
}

# A kiosk.toml has TOML syntax and a [kiosk] table naming the kiosk and its hub, and no
# placeholder left from firmware_config/kiosk.example.toml. The kiosk's own settings loader
# needs pydantic, which Bookworm Lite lacks until the venv exists, and this check runs before
# anything is installed; the kiosk's start (Type=notify) reports what else is wrong.
check_kiosk_toml() {
    local file=$1 origin=$2
    python3 - "$file" "$origin" <<'PY' || exit 2
import sys, tomllib
path, origin = sys.argv[1], sys.argv[2]
try:
    with open(path, "rb") as handle:
        document = tomllib.load(handle)
except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
    sys.exit(f"install-kiosk: {origin} is not a kiosk.toml: {error}")
kiosk = document.get("kiosk")
if not isinstance(kiosk, dict) or not {"id", "hub_url"} <= kiosk.keys():
    sys.exit(f"install-kiosk: {origin} is not a kiosk.toml: no [kiosk] table with id and hub_url")
from urllib.parse import urlsplit
hub_url = str(kiosk["hub_url"])
host = (urlsplit(hub_url).hostname or "").lower()
if any(host == domain or host.endswith("." + domain)
       for domain in ("example.org", "example.com", "example.net")):
    sys.exit(f"install-kiosk: {origin}: [kiosk] hub_url = \"{hub_url}\" is the example's "
             "placeholder: put your hub's address there (the hub's STORYWALL_PUBLIC_URL), "
             "or fetch a complete file with --provision URL")
token = kiosk.get("token")
if isinstance(token, str) and (token.endswith("...") or token == "sw_k_"):
    sys.exit(f"install-kiosk: {origin}: [kiosk] token = \"{token}\" is the example's "
             "placeholder: put the kiosk's token there (storywall admin add-kiosk or "
             "rotate-token prints it), or use --provision URL")
token_file = kiosk.get("token_file")
if "token" not in kiosk and isinstance(token_file, str):
    from pathlib import Path
    token_path = Path(path).parent / token_file
    if not token_path.is_file():
        print(f"install-kiosk: warning: {origin} reads its token from {token_path}, "
              "which does not exist yet: put the token there", file=sys.stderr)
PY
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
            --dry-run) DRY_RUN=1 ;;
            --read-only-root) READ_ONLY_ROOT=1 ;;
            --data-partition)
                [[ $# -ge 2 ]] || die "--data-partition needs LABEL=... or UUID=..."
                DATA_PARTITION=$2
                shift
                ;;
            --config)
                [[ $# -ge 2 ]] || die "--config needs a file"
                CONFIG=$2
                shift
                ;;
            --provision)
                [[ $# -ge 2 ]] || die "--provision needs the hub's one-time URL"
                PROVISION_URL=$2
                shift
                ;;
            -h | --help)
                usage
                exit 0
                ;;
            *) die "unknown argument: $1 (see --help)" ;;
        esac
        shift
    done
    if [[ -n $CONFIG && -n $PROVISION_URL ]] || [[ -z $CONFIG && -z $PROVISION_URL ]]; then
        die "give exactly one of --config FILE and --provision URL (see --help)"
    fi
    if [[ -n $CONFIG ]]; then
        [[ -f $CONFIG && -r $CONFIG ]] || die "--config $CONFIG: no such readable file"
    fi
    if [[ -n $PROVISION_URL && ! $PROVISION_URL =~ ^https?:// ]]; then
        die "--provision needs an http:// or https:// URL, not $PROVISION_URL"
    fi
    if [[ $DRY_RUN == 0 && $(id -u) != 0 ]]; then
        die "run as root (sudo), or add --dry-run to see the steps"
    fi
}

refuse_read_only_root() {
    if [[ $(findmnt -n -o FSTYPE / 2>/dev/null || true) == overlay ]]; then
        local message="the root file system is an overlay (read-only root): changes would vanish at reboot; run sudo deploy/kiosk-readonly.sh --disable, reboot, and run this again"
        if [[ $DRY_RUN == 1 ]]; then warn "$message"; else die "$message"; fi
    fi
}

# With --read-only-root, a data partition that is not there stops the install before it
# starts (and before a provisioning link is used up), not after everything else is done.
check_data_partition() {
    [[ $READ_ONLY_ROOT == 1 ]] || return 0
    [[ -z $(findfs "$DATA_PARTITION" 2>/dev/null || true) ]] || return 0
    local message="no partition $DATA_PARTITION for --read-only-root (check the name with: lsblk -o NAME,LABEL,UUID; make one with: sudo mkfs.ext4 -L storywall-data /dev/...)"
    if [[ $DRY_RUN == 1 ]]; then
        warn "$message; a real run would stop here, changing nothing"
    else
        die "$message: nothing changed"
    fi
}

install_packages() {
    run apt-get update
    run apt-get install -y --no-install-recommends "${PACKAGES[@]}"
}

create_user() {
    local group
    for group in "${SERVICE_GROUPS[@]}"; do
        getent group "$group" >/dev/null || run groupadd --system "$group"
    done
    if id "$SERVICE_USER" >/dev/null 2>&1; then
        say "user $SERVICE_USER exists"
    else
        run useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
            --shell /usr/sbin/nologin "$SERVICE_USER"
    fi
    # Buttons (gpio), screen (video, render), touch (input), camera (video).
    run usermod -a -G "$(
        IFS=,
        echo "${SERVICE_GROUPS[*]}"
    )" "$SERVICE_USER"
    run install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$DATA_DIR"
    run install -d -o root -g root -m 0755 "$PREFIX"
    run install -d -o root -g "$SERVICE_USER" -m 0750 "$CONF_DIR"
}

install_venv() {
    if [[ -x $VENV/bin/python ]]; then
        say "venv exists: $VENV"
    else
        run python3 -m venv --system-site-packages "$VENV"
    fi
    run "$VENV/bin/pip" install --quiet --upgrade "${SRC_DIR}[kiosk]"
    # The theme and emoji images are data beside the code, not inside the wheel: swapped
    # in whole, so a file removed from assets/ does not linger.
    run rm -rf "$PREFIX/assets.new"
    run cp -r "$SRC_DIR/assets" "$PREFIX/assets.new"
    run rm -rf "$PREFIX/assets"
    run mv "$PREFIX/assets.new" "$PREFIX/assets"
}

# The settings file, from --config or the provisioning link, checked before anything on
# the Pi changes: a link that was used already fails in seconds, not after apt.
SOURCE_CONFIG=""
fetch_config() {
    if [[ -z $PROVISION_URL ]]; then
        check_kiosk_toml "$CONFIG" "$CONFIG"
        SOURCE_CONFIG=$CONFIG
        return
    fi
    [[ $PROVISION_URL == https://* ]] ||
        warn "the link is plain http: the token travels unencrypted"
    if [[ $DRY_RUN == 1 ]]; then
        # Not even fetched: the link works once. The plan names mktemp's template for the
        # temporary file the real run fetches to, checks, and then installs.
        SOURCE_CONFIG=${TMPDIR:-/tmp}/tmp.XXXXXXXXXX
        printf 'would: %s\n' "$(fetch_command "$SOURCE_CONFIG")" \
            "check that $SOURCE_CONFIG is a kiosk.toml without placeholders (else stop here, nothing changed)"
        return
    fi
    SOURCE_CONFIG=$(mktemp)
    # shellcheck disable=SC2064 # expand now: the temporary file's name is known here
    trap "rm -f '$SOURCE_CONFIG'" EXIT
    # shellcheck disable=SC2046 # fetch_command_options prints words without spaces inside them
    if ! curl $(fetch_command_options) --output "$SOURCE_CONFIG" "$PROVISION_URL"; then
        die "could not fetch $PROVISION_URL (a used, expired or unknown link answers 404): ask the organiser for a new one"
    fi
    check_kiosk_toml "$SOURCE_CONFIG" "the answer from $PROVISION_URL"
}

# No --retry: the link works once; a lost answer needs a new link, not a replay.
fetch_command_options() {
    printf '%s\n' --fail --silent --show-error --max-time 30 --proto =https,http
}

fetch_command() {
    echo "curl $(fetch_command_options | tr '\n' ' ')--output $1 $PROVISION_URL"
}

# An old kiosk.toml that differs is kept as kiosk.toml.previous (it holds the old token).
install_config() {
    [[ -n $SOURCE_CONFIG ]] || return 0
    if [[ -f $CONF_FILE ]] && ! cmp -s "$SOURCE_CONFIG" "$CONF_FILE"; then
        run install -m 0600 -o root -g root "$CONF_FILE" "$CONF_FILE.previous"
    fi
    place "$SOURCE_CONFIG" "$CONF_FILE" 0640 "$SERVICE_USER" || true
}

install_system_files() {
    place "$SRC_DIR/deploy/journald/storywall-volatile.conf" "$JOURNALD_DROPIN" 0644 &&
        run systemctl restart systemd-journald
    place "$SRC_DIR/deploy/systemd/storywall-watchdog.conf" "$WATCHDOG_DROPIN" 0644 &&
        run systemctl daemon-reexec
    place "$SRC_DIR/deploy/udev/60-storywall-backlight.rules" "$BACKLIGHT_RULE" 0644 && {
        run udevadm control --reload-rules
        run udevadm trigger --subsystem-match=backlight --action=add
    }
    place "$SRC_DIR/deploy/polkit/50-storywall-poweroff.rules" "$POWEROFF_RULE" 0644 || true
    if [[ -d $(dirname "$BOOT_CONFIG") ]]; then
        if [[ -f $BOOT_CONFIG && ! -f $BOOT_CONFIG.before-storywall ]]; then
            run cp -p "$BOOT_CONFIG" "$BOOT_CONFIG.before-storywall"
        fi
        place "$SRC_DIR/firmware_config/config.txt" "$BOOT_CONFIG" 0755 &&
            say "$BOOT_CONFIG changed: reboot once everything is installed"
    else
        warn "no $(dirname "$BOOT_CONFIG"): not Raspberry Pi OS Bookworm? config.txt left alone"
    fi
    place "$SRC_DIR/deploy/systemd/$UNIT" "$UNIT_DIR/$UNIT" 0644 || true
    run systemctl daemon-reload
}

check_clock() {
    run systemctl enable --now systemd-timesyncd.service
    local synced
    synced=$(timedatectl show -p NTPSynchronized --value 2>/dev/null || echo unknown)
    if [[ $synced != yes ]]; then
        warn "the clock is not synchronised yet (NTPSynchronized=$synced): events keep their boot time until it is; check the network and: timedatectl timesync-status"
    else
        say "clock synchronised"
    fi
}

start_kiosk() {
    run systemctl enable "$UNIT"
    # Restart, not start: a re-run brings up the new code and settings. Type=notify makes
    # this wait for the kiosk's READY=1, so a kiosk that cannot start is reported here.
    run systemctl restart "$UNIT" ||
        die "the kiosk did not start; see: journalctl -u $UNIT -n 50"
}

main() {
    parse_args "$@"
    [[ $DRY_RUN == 1 ]] && say "dry run: nothing is changed"
    refuse_read_only_root
    check_data_partition
    fetch_config
    install_packages
    create_user
    install_venv
    install_config
    install_system_files
    check_clock
    start_kiosk
    if [[ $READ_ONLY_ROOT == 1 ]]; then
        local flags=()
        [[ $DRY_RUN == 1 ]] && flags+=(--dry-run)
        "$SRC_DIR/deploy/kiosk-readonly.sh" "${flags[@]}" "$DATA_PARTITION"
    fi
    if [[ $DRY_RUN == 1 ]]; then
        say "dry run: nothing was changed; run again without --dry-run to install"
    else
        say "done; logs with: journalctl -u $UNIT -f"
    fi
}

main "$@"
