#!/usr/bin/env bash
# Make a Storywall kiosk's root file system read-only (overlayfs), with the outbox on a
# writable data partition, so pulling the plug cannot corrupt the SD card's system.
#
#   sudo deploy/kiosk-readonly.sh [--dry-run] SPEC      enable (SPEC: LABEL=... or UUID=...)
#   sudo deploy/kiosk-readonly.sh [--dry-run] --disable back to a writable root
#
# SPEC names an ext4 partition made beforehand, for example on the SD card's free space:
#   sudo mkfs.ext4 -L storywall-data /dev/mmcblk0p3
# It is mounted on /var/lib/storywall (the outbox, media, wall image), listed in /etc/fstab
# by that SPEC; what the kiosk already holds there is copied onto it first. The overlay is
# Raspberry Pi OS's own (raspi-config nonint enable_overlayfs, the overlayroot package),
# told not to cover other mounts (overlayroot=tmpfs:recurse=0), so the outbox stays on disk.
# Both take effect at the next reboot. Updating the kiosk later: --disable, reboot,
# run install-kiosk.sh, run this again, reboot.
set -euo pipefail

readonly DATA_DIR=/var/lib/storywall
readonly SERVICE_USER=storywall
readonly UNIT=storywall-kiosk.service
readonly FSTAB=/etc/fstab
readonly CMDLINE=/boot/firmware/cmdline.txt
readonly FSTAB_OPTIONS=defaults,noatime
readonly OVERLAY_WHOLE=overlayroot=tmpfs
readonly OVERLAY_ROOT_ONLY=overlayroot=tmpfs:recurse=0

DRY_RUN=0
DISABLE=0
SPEC=""

say() { printf 'kiosk-readonly: %s\n' "$*"; }
die() {
    printf 'kiosk-readonly: %s\n' "$*" >&2
    exit 2
}

run() {
    if [[ $DRY_RUN == 1 ]]; then
        printf 'would: %s\n' "$*"
    else
        "$@"
    fi
}

parse_args() {
    while [[ $# -gt 0 ]]; do
        case $1 in
            --dry-run) DRY_RUN=1 ;;
            --disable) DISABLE=1 ;;
            -h | --help)
                sed -n '5,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
                exit 0
                ;;
            LABEL=* | UUID=* | PARTUUID=* | PARTLABEL=*)
                [[ -z $SPEC ]] || die "one data partition only"
                SPEC=$1
                ;;
            *) die "unknown argument: $1 (the data partition is LABEL=... or UUID=...)" ;;
        esac
        shift
    done
    if [[ $DISABLE == 0 && -z $SPEC ]]; then
        die "name the data partition: LABEL=storywall-data or UUID=... (see --help)"
    fi
    if [[ $DRY_RUN == 0 && $(id -u) != 0 ]]; then
        die "run as root (sudo), or add --dry-run to see the steps"
    fi
    command -v raspi-config >/dev/null ||
        [[ $DRY_RUN == 1 ]] || die "raspi-config not found: this is for Raspberry Pi OS"
}

disable() {
    run raspi-config nonint disable_overlayfs
    run raspi-config nonint disable_bootro
    say "reboot for a writable root; the data partition stays mounted on $DATA_DIR"
}

# /etc/fstab: one line for DATA_DIR. An existing line for another partition is not replaced.
add_fstab_entry() {
    local existing
    existing=$(awk -v dir="$DATA_DIR" '$1 !~ /^#/ && $2 == dir { print $1 }' "$FSTAB")
    if [[ $existing == "$SPEC" ]]; then
        say "$FSTAB already mounts $SPEC on $DATA_DIR"
    elif [[ -n $existing ]]; then
        die "$FSTAB mounts $existing on $DATA_DIR, not $SPEC: edit it by hand"
    else
        local line="$SPEC $DATA_DIR ext4 $FSTAB_OPTIONS 0 2"
        if [[ $DRY_RUN == 1 ]]; then
            printf 'would: append to %s: %s\n' "$FSTAB" "$line"
        else
            printf '# Storywall: the kiosk outbox, writable under a read-only root\n%s\n' \
                "$line" >>"$FSTAB"
        fi
    fi
}

# Mount the data partition on DATA_DIR, copying what the kiosk holds there first: an
# outbox hidden under a mount would be events lost.
mount_data() {
    local device
    device=$(findfs "$SPEC" 2>/dev/null || true)
    if [[ -z $device ]]; then
        [[ $DRY_RUN == 1 ]] || die "no partition $SPEC (make one: sudo mkfs.ext4 -L storywall-data /dev/...)"
        say "no partition $SPEC here (a dry run goes on)"
        device=$SPEC
    fi
    if mountpoint -q "$DATA_DIR"; then
        say "$DATA_DIR is already a mount point"
        return
    fi
    run systemctl stop "$UNIT"
    if [[ -d $DATA_DIR ]] && [[ -n $(ls -A "$DATA_DIR" 2>/dev/null) ]]; then
        local staging=/tmp/storywall-data.dry-run
        [[ $DRY_RUN == 1 ]] || staging=$(mktemp -d)
        run mount "$device" "$staging"
        if [[ -e $staging/outbox.sqlite3 ]]; then
            say "$SPEC already holds an outbox: kept, the root's copy stays below the mount"
        else
            run cp -a "$DATA_DIR/." "$staging/"
        fi
        run umount "$staging"
        run rmdir "$staging"
    fi
    run install -d "$DATA_DIR"
    run mount "$DATA_DIR"
    run chown "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"
    run chmod 0750 "$DATA_DIR"
    run systemctl start "$UNIT"
}

enable_overlay() {
    # The swap file would live in the overlay's RAM: no swap on a read-only root.
    if systemctl list-unit-files dphys-swapfile.service >/dev/null 2>&1; then
        run systemctl disable --now dphys-swapfile.service
    fi
    if grep -q "$OVERLAY_ROOT_ONLY" "$CMDLINE" 2>/dev/null; then
        say "overlayfs already enabled (root only)"
    else
        run raspi-config nonint enable_overlayfs
        run sed -i "s/$OVERLAY_WHOLE\\( \\|\$\\)/$OVERLAY_ROOT_ONLY\\1/" "$CMDLINE"
    fi
    run raspi-config nonint enable_bootro
    say "reboot to start with a read-only root; $DATA_DIR stays writable on $SPEC"
}

main() {
    parse_args "$@"
    if [[ $DISABLE == 1 ]]; then
        disable
        return
    fi
    add_fstab_entry
    mount_data
    enable_overlay
}

main "$@"
