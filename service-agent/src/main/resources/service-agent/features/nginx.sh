# Feature nginx: the TLS gateway, serving with its certificate and proxying to Traefik.
# Settings: SERVER_NAME, LISTEN_PORT, CERT_PATH, KEY_PATH, ROOT_CERT (the internal root that
# trusted_ca installed), HEALTH_PATH (answered by nginx itself). Staged: $STAGE/site.conf.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
readonly SITE=/etc/nginx/sites-available/phoenix.conf
readonly ENABLED=/etc/nginx/sites-enabled/phoenix.conf

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

check() {
  installed nginx && cmp -s "$STAGE/site.conf" "$SITE" && [ -L "$ENABLED" ] \
    && systemctl is-active --quiet nginx
}

apply() {
  if [ ! -s "$CERT_PATH" ] || [ ! -s "$KEY_PATH" ]; then
    log "no certificate at $CERT_PATH / key at $KEY_PATH: the cert step runs first"
    exit 2
  fi
  if ! installed nginx; then
    apt-get -o DPkg::Lock::Timeout=300 update -q
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends nginx
  fi
  install -m 0644 "$STAGE/site.conf" "$SITE"
  ln -sfn "$SITE" "$ENABLED"
  rm -f /etc/nginx/sites-enabled/default
  nginx -t
  systemctl enable nginx
  systemctl reload-or-restart nginx
}

# nginx answers its health path over TLS that verifies against the internal root, for the server
# name (hostname checking: a certificate for another name fails).
verify() {
  local i answer url="https://$SERVER_NAME:$LISTEN_PORT$HEALTH_PATH"
  nginx -t 2>/dev/null
  systemctl is-active --quiet nginx
  [ -s "$ROOT_CERT" ] || { log "no internal root at $ROOT_CERT to verify nginx with: apply trusted_ca first"; exit 2; }
  for i in $(seq 1 20); do
    if answer="$(curl -sS --cacert "$ROOT_CERT" --resolve "$SERVER_NAME:$LISTEN_PORT:127.0.0.1" \
      -o /dev/null -w '%{http_code}' "$url" 2>&1)" && [ "$answer" = 200 ]; then
      return 0
    fi
    log "nginx does not answer 200 on $url yet ($i/20): $answer"
    sleep 1
  done
  return 1
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  *) log "usage: $0 check|apply|verify"; exit 2 ;;
esac
