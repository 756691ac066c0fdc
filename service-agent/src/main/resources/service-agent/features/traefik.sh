# Feature traefik: the internal reverse proxy, from the official release binary (or the configured
# artifact), with a file provider whose routes are generated from the inventory's exposed services.
# Settings: VERSION, SHA256 (of the release's linux_amd64 tarball; may be empty), PING_PORT,
# ARTIFACT_NAME, ARTIFACT_URL, ARTIFACT_SHA256 (when set, they replace the release download).
# Staged: $STAGE/traefik.yml, $STAGE/routes.yml, $STAGE/traefik.service.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
readonly BIN=/usr/local/bin/traefik

current_version() {
  "$BIN" version 2>/dev/null | awk '/^Version:/ {print $2}'
}

installed() {
  if artifact_configured; then
    artifact_installed "$BIN"
  else
    [ "$(current_version)" = "$VERSION" ]
  fi
}

check() {
  installed \
    && cmp -s "$STAGE/traefik.yml" /etc/traefik/traefik.yml \
    && cmp -s "$STAGE/routes.yml" /etc/traefik/dynamic/routes.yml \
    && cmp -s "$STAGE/traefik.service" /etc/systemd/system/traefik.service \
    && systemctl is-active --quiet traefik
}

install_binary() {
  local dir url tarball
  if artifact_configured; then
    install_artifact traefik "$BIN"
    return 0
  fi
  dir="$(mktemp -d)"
  url="https://github.com/traefik/traefik/releases/download/v${VERSION}"
  tarball="traefik_v${VERSION}_linux_amd64.tar.gz"
  curl -fsSL -o "$dir/$tarball" "$url/$tarball"
  if [ -n "$SHA256" ]; then
    echo "$SHA256  $dir/$tarball" | sha256sum -c - >/dev/null 2>&1 \
      || { log "$url/$tarball does not have the configured SHA-256 $SHA256"; rm -rf "$dir"; exit 2; }
  else
    log "no pinned checksum: checking against the release's checksum file"
    curl -fsSL -o "$dir/checksums.txt" "$url/traefik_v${VERSION}_checksums.txt"
    (cd "$dir" && grep " $tarball\$" checksums.txt | sha256sum -c - >/dev/null)
  fi
  tar -xzf "$dir/$tarball" -C "$dir" traefik
  install -m 0755 "$dir/traefik" "$BIN"
  rm -rf "$dir"
}

apply() {
  installed || install_binary
  id traefik >/dev/null 2>&1 \
    || useradd --system --no-create-home --shell /usr/sbin/nologin traefik
  install -d -m 0755 /etc/traefik /etc/traefik/dynamic
  install -m 0644 "$STAGE/traefik.yml" /etc/traefik/traefik.yml
  install -m 0644 "$STAGE/routes.yml" /etc/traefik/dynamic/routes.yml
  install -m 0644 "$STAGE/traefik.service" /etc/systemd/system/traefik.service
  systemctl daemon-reload
  systemctl enable traefik
  systemctl restart traefik
}

verify() {
  local i
  systemctl is-active --quiet traefik
  for i in $(seq 1 20); do
    if curl -fsS "http://127.0.0.1:$PING_PORT/ping" >/dev/null; then
      return 0
    fi
    log "traefik does not answer its ping yet ($i/20)"
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
