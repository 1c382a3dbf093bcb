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
# by that SPEC; what the kiosk already holds there is copied onto it first. Nothing is
# written before the partition is found, so a mistyped SPEC changes nothing; a line this
# script wrote earlier for a partition that no longer exists is replaced, any other line
# for /var/lib/storywall is left for you to edit.
#
# The fstab line has nofail and a 10 s device timeout: if the partition is missing at boot,
# the Pi boots anyway (a kiosk without a keyboard cannot leave emergency mode) and the kiosk
# runs on the directory below the mount point, whose writes live in the overlay's RAM: it
# keeps syncing, but events it has not pushed yet are lost at the next power cut.
# `findmnt /var/lib/storywall` prints nothing in that state.
#
# The overlay is Raspberry Pi OS's own (raspi-config nonint enable_overlayfs, the
# overlayroot package), told not to cover other mounts (overlayroot=tmpfs:recurse=0), so
# the outbox stays on disk.
# Both take effect at the next reboot. Updating the kiosk later: --disable, reboot,
# run install-kiosk.sh, run this again, reboot.
set -euo pipefail

readonly DATA_DIR=/var/lib/storywall
readonly SERVICE_USER=storywall
readonly UNIT=storywall-kiosk.service
readonly FSTAB=/etc/fstab
readonly CMDLINE=/boot/firmware/cmdline.txt
readonly FSTAB_OPTIONS=defaults,noatime,nofail,x-systemd.device-timeout=10s
readonly OVERLAY_WHOLE=overlayroot=tmpfs
readonly OVERLAY_ROOT_ONLY=overlayroot=tmpfs:recurse=0
readonly FSTAB_MARKER='# Storywall: the kiosk outbox, writable under a read-only root'

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
                # The help is the comment block at the top of this file, whole.
                awk 'NR < 2 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' \
                    "${BASH_SOURCE[0]}"
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
    if [[ $DRY_RUN == 1 ]]; then
        say "dry run: nothing was changed"
    else
        say "reboot for a writable root; the data partition stays mounted on $DATA_DIR"
    fi
}

# The data partition's device, found before anything is written: a mistyped SPEC must
# not reach /etc/fstab. A dry run goes on with SPEC itself, saying so first.
DEVICE=""
find_partition() {
    DEVICE=$(findfs "$SPEC" 2>/dev/null || true)
    if [[ -z $DEVICE ]]; then
        [[ $DRY_RUN == 1 ]] ||
            die "no partition $SPEC: nothing changed (check the name with: lsblk -o NAME,LABEL,UUID; make one with: sudo mkfs.ext4 -L storywall-data /dev/...)"
        say "no partition $SPEC here: a real run would stop now, changing nothing (the dry run goes on)"
        DEVICE=$SPEC
    fi
}

# /etc/fstab: one line for DATA_DIR. An existing line for another partition is replaced
# only when this script wrote it (the marker above it) and its partition does not exist.
add_fstab_entry() {
    local existing line="$SPEC $DATA_DIR ext4 $FSTAB_OPTIONS 0 2"
    existing=$(awk -v dir="$DATA_DIR" '$1 !~ /^#/ && $2 == dir { print $1 }' "$FSTAB")
    if [[ $existing == "$SPEC" ]]; then
        say "$FSTAB already mounts $SPEC on $DATA_DIR"
    elif [[ -n $existing ]]; then
        if ! own_stale_line "$existing"; then
            die "$FSTAB mounts $existing on $DATA_DIR, not $SPEC: edit it by hand"
        fi
        if [[ $DRY_RUN == 1 ]]; then
            printf 'would: replace in %s the line for %s (no such partition) with: %s\n' \
                "$FSTAB" "$existing" "$line"
        else
            replace_fstab_line "$line"
        fi
    elif [[ $DRY_RUN == 1 ]]; then
        printf 'would: append to %s: %s\n' "$FSTAB" "$line"
    else
        printf '%s\n%s\n' "$FSTAB_MARKER" "$line" >>"$FSTAB"
    fi
}

# True when the DATA_DIR line follows this script's marker and names no existing partition.
own_stale_line() {
    local spec=$1
    [[ -z $(findfs "$spec" 2>/dev/null || true) ]] || return 1
    awk -v dir="$DATA_DIR" -v marker="$FSTAB_MARKER" '
        $1 !~ /^#/ && $2 == dir { found = (previous == marker) }
        { previous = $0 }
        END { exit !found }' "$FSTAB"
}

# Rewrite fstab with LINE in place of the DATA_DIR line, through a temporary file renamed
# over it, so a failure half-way leaves the old fstab whole.
replace_fstab_line() {
    local line=$1 next
    next=$(mktemp "$FSTAB.XXXXXX")
    awk -v dir="$DATA_DIR" -v line="$line" '
        $1 !~ /^#/ && $2 == dir { print line; next }
        { print }' "$FSTAB" >"$next"
    chmod --reference="$FSTAB" "$next"
    mv "$next" "$FSTAB"
}

# Mount the data partition on DATA_DIR, copying what the kiosk holds there first: an
# outbox hidden under a mount would be events lost.
mount_data() {
    if mountpoint -q "$DATA_DIR"; then
        say "$DATA_DIR is already a mount point"
        return
    fi
    run systemctl stop "$UNIT"
    if [[ -d $DATA_DIR ]] && [[ -n $(ls -A "$DATA_DIR" 2>/dev/null) ]]; then
        local staging=/tmp/storywall-data.dry-run
        [[ $DRY_RUN == 1 ]] || staging=$(mktemp -d)
        run mount "$DEVICE" "$staging"
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
    if [[ $DRY_RUN == 1 ]]; then
        say "dry run: nothing was changed; a real run ends asking for a reboot"
    else
        say "reboot to start with a read-only root; $DATA_DIR stays writable on $SPEC"
    fi
}

main() {
    parse_args "$@"
    if [[ $DISABLE == 1 ]]; then
        disable
        return
    fi
    find_partition
    add_fstab_entry
    mount_data
    enable_overlay
}

main "$@"
