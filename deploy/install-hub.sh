#!/usr/bin/env bash
# Install (or update) the Storywall hub on a Debian or Raspberry Pi OS machine from this
# checkout: a dedicated user, a venv, /etc/storywall/hub.env, the database migrated, the
# systemd units enabled, optionally a reverse proxy with TLS.
#
# Usage: sudo deploy/install-hub.sh [--dry-run] [--proxy caddy|nginx|none] [--domain NAME]
#   --dry-run   print every step (`would: ...`) and change nothing; needs no root
#   --proxy     also install and configure Caddy or nginx in front of the hub (default none)
#   --domain    the hub's public name, e.g. wall.example.org (needed with --proxy; also
#               sets STORYWALL_PUBLIC_URL in a hub.env this script creates)
# Re-running is safe: it updates the code and the units, and keeps hub.env and the data.
set -euo pipefail

SERVICE_USER=storywall
PREFIX=/opt/storywall
VENV="$PREFIX/venv"
DATA_DIR=/var/lib/storywall
BACKUP_DIR=/var/backups/storywall
CONF_DIR=/etc/storywall
ENV_FILE="$CONF_DIR/hub.env"
UNIT_DIR=/etc/systemd/system
UNITS=(storywall-hub.service storywall-backup.service storywall-backup.timer)
EXTRAS="hub,postgres"
APT_PACKAGES=(python3 python3-venv python3-pip postgresql-client)
CADDY_CONFIG=/etc/caddy/Caddyfile
NGINX_SITE=/etc/nginx/sites-available/storywall
NGINX_ENABLED=/etc/nginx/sites-enabled/storywall
ADMIN_COMMAND=/usr/local/sbin/storywall-admin
EXAMPLE_DOMAIN=wall.example.org
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

DRY_RUN=0
PROXY=none
DOMAIN=""

usage() {
    sed -n '6,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# One step: printed, and run unless --dry-run.
step() {
    # %q: the line printed is the command exactly, ready to paste into a shell.
    if [ "$DRY_RUN" = 1 ]; then
        printf 'would:'
        printf ' %q' "$@"
        printf '\n'
    else
        printf '+'
        printf ' %q' "$@"
        printf '\n'
        "$@"
    fi
}

# A step that only says what it leaves as it is.
keep() {
    echo "keep: $*"
}

# As the service user, with the hub's settings read from the env file by systemd
# itself, exactly as the hub's unit reads them.
as_service_user() {
    step systemd-run --quiet --wait --pipe --collect --uid="$SERVICE_USER" --gid="$SERVICE_USER" \
        --property=EnvironmentFile="$ENV_FILE" --property=WorkingDirectory="$DATA_DIR" "$@"
}

install_packages() {
    local packages=("${APT_PACKAGES[@]}")
    case "$PROXY" in
        caddy) packages+=(caddy) ;;
        nginx) packages+=(nginx) ;;
    esac
    step apt-get update
    step env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
}

create_user_and_folders() {
    if id -u "$SERVICE_USER" >/dev/null 2>&1; then
        keep "user $SERVICE_USER exists"
    else
        local group=(--user-group)
        # The group may exist already (made by the kiosk installer on the same machine).
        getent group "$SERVICE_USER" >/dev/null && group=(--gid "$SERVICE_USER")
        step useradd --system "${group[@]}" --home-dir "$DATA_DIR" --no-create-home \
            --shell /usr/sbin/nologin "$SERVICE_USER"
    fi
    step install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$DATA_DIR"
    step install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$BACKUP_DIR"
    step install -d -o root -g root -m 0755 "$PREFIX"
    step install -d -o root -g "$SERVICE_USER" -m 0750 "$CONF_DIR"
}

install_venv() {
    if [ -x "$VENV/bin/python" ]; then
        keep "venv $VENV"
    else
        step python3 -m venv "$VENV"
    fi
    # Not editable: the service runs the installed copy, and a re-run updates it.
    step "$VENV/bin/pip" install --quiet --upgrade pip
    step "$VENV/bin/pip" install --quiet --upgrade "${SRC_DIR}[${EXTRAS}]"
}

write_env_file() {
    if [ -f "$ENV_FILE" ]; then
        keep "$ENV_FILE (never overwritten; compare with $SRC_DIR/deploy/hub.env.example)"
        return
    fi
    local public_url=""
    [ -n "$DOMAIN" ] && public_url="https://$DOMAIN"
    if [ "$DRY_RUN" = 1 ]; then
        echo "would: write $ENV_FILE from deploy/hub.env.example with a new STORYWALL_SECRET_KEY" \
            "and STORYWALL_PUBLIC_URL=$public_url (root:$SERVICE_USER, mode 0640)"
        return
    fi
    echo "+ write $ENV_FILE from deploy/hub.env.example with a new secret key"
    local secret draft
    secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')
    draft=$(mktemp "$CONF_DIR/.hub.env.XXXXXX")
    # The secret is in the file before it has its final name, so it is never lost.
    sed -e "s|^STORYWALL_SECRET_KEY=.*|STORYWALL_SECRET_KEY=$secret|" \
        -e "s|^STORYWALL_PUBLIC_URL=.*|STORYWALL_PUBLIC_URL=$public_url|" \
        "$SRC_DIR/deploy/hub.env.example" >"$draft"
    chown "root:$SERVICE_USER" "$draft"
    chmod 0640 "$draft"
    mv -n "$draft" "$ENV_FILE"
    rm -f "$draft"
}

install_units() {
    local unit
    for unit in "${UNITS[@]}"; do
        step install -m 0644 "$SRC_DIR/deploy/systemd/$unit" "$UNIT_DIR/$unit"
    done
    step systemctl daemon-reload
    step systemctl enable storywall-hub.service storywall-backup.timer
    # restart, not start: a re-run must bring up the code it just installed.
    step systemctl restart storywall-hub.service
    step systemctl start storywall-backup.timer
}

# `sudo storywall-admin ACTION ...` is `storywall admin ACTION ...` as the service user
# with the hub's settings: what an organiser types to add sites, moderate, back up.
install_admin_command() {
    if [ "$DRY_RUN" = 1 ]; then
        echo "would: write $ADMIN_COMMAND (storywall admin as $SERVICE_USER with $ENV_FILE)"
        return
    fi
    echo "+ write $ADMIN_COMMAND"
    cat >"$ADMIN_COMMAND.new" <<SCRIPT
#!/bin/sh
# Written by Storywall's deploy/install-hub.sh: storywall admin as the hub's user.
exec systemd-run --quiet --wait --pipe --collect --uid=$SERVICE_USER --gid=$SERVICE_USER \\
    --property=EnvironmentFile=$ENV_FILE --property=WorkingDirectory=$DATA_DIR \\
    $VENV/bin/storywall admin "\$@"
SCRIPT
    chmod 0755 "$ADMIN_COMMAND.new"
    mv "$ADMIN_COMMAND.new" "$ADMIN_COMMAND"
}

# Copy a proxy config with the example name replaced by --domain.
install_proxy_config() {
    local source=$1 target=$2
    if [ "$DRY_RUN" = 1 ]; then
        echo "would: install $source as $target with $EXAMPLE_DOMAIN replaced by $DOMAIN"
        return
    fi
    echo "+ install $source as $target for $DOMAIN"
    if [ -f "$target" ] && [ ! -f "$target.before-storywall" ] && ! grep -q Storywall "$target"; then
        cp -p "$target" "$target.before-storywall"
    fi
    sed "s/$EXAMPLE_DOMAIN/$DOMAIN/g" "$source" >"$target.new"
    chmod 0644 "$target.new"
    mv "$target.new" "$target"
}

install_proxy() {
    case "$PROXY" in
        caddy)
            install_proxy_config "$SRC_DIR/deploy/proxy/Caddyfile" "$CADDY_CONFIG"
            step caddy validate --config "$CADDY_CONFIG" --adapter caddyfile
            step systemctl enable caddy.service
            step systemctl reload-or-restart caddy.service
            ;;
        nginx)
            install_proxy_config "$SRC_DIR/deploy/proxy/nginx.conf" "$NGINX_SITE"
            step ln -sfn "$NGINX_SITE" "$NGINX_ENABLED"
            step install -d -m 0755 /var/www/letsencrypt
            if [ -f "/etc/letsencrypt/live/$DOMAIN/fullchain.pem" ]; then
                step nginx -t
                step systemctl reload-or-restart nginx.service
            else
                echo "install-hub: no certificate for $DOMAIN yet: sudo certbot certonly" \
                    "--standalone -d $DOMAIN, then sudo systemctl reload nginx" >&2
            fi
            ;;
        none)
            echo "install-hub: no proxy installed; put deploy/proxy/Caddyfile or nginx.conf in" \
                "front of 127.0.0.1:8000 for HTTPS"
            ;;
    esac
}

# The options and what they must be; exits 2 (usage) or 1 (where or who) when wrong.
parse_options() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --dry-run) DRY_RUN=1 ;;
            --proxy)
                [ $# -ge 2 ] || usage
                PROXY=$2
                shift
                ;;
            --proxy=*) PROXY=${1#--proxy=} ;;
            --domain)
                [ $# -ge 2 ] || usage
                DOMAIN=$2
                shift
                ;;
            --domain=*) DOMAIN=${1#--domain=} ;;
            -h | --help) usage ;;
            *)
                echo "install-hub: unknown option $1" >&2
                usage
                ;;
        esac
        shift
    done

    case "$PROXY" in
        caddy | nginx | none) ;;
        *)
            echo "install-hub: --proxy must be caddy, nginx or none, not '$PROXY'" >&2
            exit 2
            ;;
    esac
    if [ "$PROXY" != none ] && [ -z "$DOMAIN" ]; then
        echo "install-hub: --proxy $PROXY needs --domain NAME (the name the public uses)" >&2
        exit 2
    fi
    if [ -n "$DOMAIN" ] && ! [[ "$DOMAIN" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
        echo "install-hub: --domain '$DOMAIN' is not a host name" >&2
        exit 2
    fi
    if [ ! -f "$SRC_DIR/pyproject.toml" ] || [ ! -f "$SRC_DIR/deploy/hub.env.example" ]; then
        echo "install-hub: run this from a Storywall checkout ($SRC_DIR is not one)" >&2
        exit 1
    fi
    if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
        echo "install-hub: run as root (sudo), or try --dry-run" >&2
        exit 1
    fi
}

main() {
    parse_options "$@"
    install_packages
    create_user_and_folders
    install_venv
    write_env_file
    as_service_user "$VENV/bin/storywall" admin db upgrade
    install_admin_command
    install_units
    install_proxy
    if [ "$DRY_RUN" = 1 ]; then
        echo "dry run: nothing was changed"
    else
        echo "install-hub: done. The hub: systemctl status storywall-hub; journalctl -u storywall-hub"
        echo "install-hub: manage it with: sudo storywall-admin list (add-site, add-kiosk, moderation, ...)"
    fi
}

# Sourced (by the tests, to run one step in a scratch folder), it only defines.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
