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
#   -h, --help  print this and exit
# Caddy: the site goes in its own file, imported once from /etc/caddy/Caddyfile, whose
# other sites stay. nginx: the site is enabled only once its certificate exists.
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
# fonts-noto-color-emoji: emoji without the kiosk's artwork are drawn from it (docs/wall.md).
APT_PACKAGES=(python3 python3-venv python3-pip postgresql-client fonts-noto-color-emoji)
CADDY_CONFIG=/etc/caddy/Caddyfile
CADDY_SITE=/etc/caddy/storywall.caddy
NGINX_SITE=/etc/nginx/sites-available/storywall
NGINX_ENABLED=/etc/nginx/sites-enabled/storywall
CERT_DIR=/etc/letsencrypt/live
ACME_WEBROOT=/var/www/letsencrypt
ADMIN_COMMAND=/usr/local/sbin/storywall-admin
EXAMPLE_DOMAIN=wall.example.org
OLD_CADDYFILE_HEADER="# Caddy in front of the Storywall hub: /etc/caddy/Caddyfile"
SRC_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

DRY_RUN=0
PROXY=none
DOMAIN=""

# The header's usage block, from `# Usage:` to the first line that is not a comment.
usage_text() {
    sed -n '/^# Usage:/,/^[^#]/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p'
}

# Asked for: on stdout, success. After a mistake: on stderr, exit 2.
usage() {
    usage_text >&2
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
        echo "would: install $source as $target for the site $DOMAIN"
        return
    fi
    echo "+ install $source as $target for the site $DOMAIN"
    if [ -f "$target" ] && [ ! -f "$target.before-storywall" ] && ! grep -q Storywall "$target"; then
        cp -p "$target" "$target.before-storywall"
    fi
    # The certificate paths are where the certificate was looked for (CERT_DIR).
    sed -e "s/$EXAMPLE_DOMAIN/$DOMAIN/g" -e "s|/etc/letsencrypt/live/|$CERT_DIR/|g" "$source" >"$target.new"
    chmod 0644 "$target.new"
    mv "$target.new" "$target"
}

# The Caddyfile keeps its own sites and gains one `import` of ours; the changed copy is
# validated before it replaces the live one, so a clash (say, the same name served
# twice) leaves Caddy's config as it was.
import_caddy_site() {
    local import_line="import $CADDY_SITE"
    if [ -f "$CADDY_CONFIG" ] && grep -qxF "$import_line" "$CADDY_CONFIG"; then
        keep "$CADDY_CONFIG imports $CADDY_SITE already"
        return
    fi
    # Earlier versions of this script replaced the whole Caddyfile with the site, keeping
    # the one before as .before-storywall: that one is the base again.
    local base="$CADDY_CONFIG" whole_site=""
    if [ -f "$CADDY_CONFIG" ] && grep -q "^$OLD_CADDYFILE_HEADER" "$CADDY_CONFIG"; then
        base="$CADDY_CONFIG.before-storywall"
        whole_site=" (in place of the Storywall site it held, from $base when there is one)"
    fi
    if [ "$DRY_RUN" = 1 ]; then
        echo "would: add the line '$import_line' to $CADDY_CONFIG$whole_site, if caddy" \
            "validate accepts the result; its other sites stay"
        return
    fi
    echo "+ add the line '$import_line' to $CADDY_CONFIG$whole_site; its other sites stay"
    local draft="$CADDY_CONFIG.storywall-new"
    if [ -f "$base" ]; then
        cp -p "$base" "$draft"
        # A last line without its newline would swallow the import.
        [ -z "$(tail -c 1 "$draft")" ] || echo >>"$draft"
    else
        : >"$draft"
        chmod 0644 "$draft"
    fi
    printf '# The Storywall hub (deploy/install-hub.sh)\n%s\n' "$import_line" >>"$draft"
    if ! caddy validate --config "$draft" --adapter caddyfile; then
        rm -f "$draft"
        echo "install-hub: caddy refuses $CADDY_CONFIG with $import_line added (see above);" \
            "$CADDY_CONFIG is unchanged: fix the clash, then run this again" >&2
        exit 1
    fi
    mv "$draft" "$CADDY_CONFIG"
}

# nginx refuses to start (or reload) when any enabled site names a certificate that does
# not exist, which would take every other site on the server down with it: the site is
# enabled only once its certificate is there.
install_nginx_site() {
    install_proxy_config "$SRC_DIR/deploy/proxy/nginx.conf" "$NGINX_SITE"
    step install -d -m 0755 "$ACME_WEBROOT"
    local cert="$CERT_DIR/$DOMAIN/fullchain.pem"
    if [ ! -f "$cert" ]; then
        if [ -L "$NGINX_ENABLED" ] || [ -e "$NGINX_ENABLED" ]; then
            # Left by an earlier run: without its certificate it breaks `nginx -t`.
            step rm -f "$NGINX_ENABLED"
        fi
        if [ -d "$CERT_DIR" ] && [ ! -x "$CERT_DIR" ]; then
            echo "install-hub: cannot look into $CERT_DIR without root; a real run does" >&2
        fi
        cat >&2 <<HINT
install-hub: no certificate for $DOMAIN yet ($cert), so the site goes to
  $NGINX_SITE but is not enabled, and nginx is left as it was. Get the certificate
  (certbot answers on port 80 itself; the hooks stop nginx for those seconds, at renewals too):
    sudo apt install -y certbot
    sudo certbot certonly --standalone -d $DOMAIN --pre-hook "systemctl stop nginx" --post-hook "systemctl start nginx"
  then enable the site by running this installer again with the same options, or by hand:
    sudo ln -sfn $NGINX_SITE $NGINX_ENABLED && sudo nginx -t && sudo systemctl reload nginx
HINT
        return
    fi
    step ln -sfn "$NGINX_SITE" "$NGINX_ENABLED"
    if [ "$DRY_RUN" = 1 ]; then
        step nginx -t
    elif ! { echo "+ nginx -t" && nginx -t; }; then
        rm -f "$NGINX_ENABLED"
        echo "install-hub: nginx -t fails with the site enabled (see above), so it is" \
            "disabled again and nginx left as it was; fix $NGINX_SITE and run this again" >&2
        exit 1
    fi
    step systemctl enable nginx.service
    step systemctl reload-or-restart nginx.service
}

install_proxy() {
    case "$PROXY" in
        caddy)
            install_proxy_config "$SRC_DIR/deploy/proxy/Caddyfile" "$CADDY_SITE"
            import_caddy_site
            step caddy validate --config "$CADDY_CONFIG" --adapter caddyfile
            step systemctl enable caddy.service
            step systemctl reload-or-restart caddy.service
            ;;
        nginx) install_nginx_site ;;
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
            -h | --help)
                usage_text
                exit 0
                ;;
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
