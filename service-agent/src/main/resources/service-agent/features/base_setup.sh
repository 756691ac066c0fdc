# Feature base_setup: the packages every guest needs and its time zone.
# Settings: TIMEZONE, PACKAGES (array). Staging directory: STAGE.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

check() {
  local p
  for p in "${PACKAGES[@]}"; do
    installed "$p" || return 1
  done
  [ "$(cat /etc/timezone 2>/dev/null || true)" = "$TIMEZONE" ]
}

apply() {
  [ -e "/usr/share/zoneinfo/$TIMEZONE" ] || { log "unknown time zone $TIMEZONE"; exit 2; }
  log "installing ${PACKAGES[*]}"
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${PACKAGES[@]}"
  ln -sfn "/usr/share/zoneinfo/$TIMEZONE" /etc/localtime
  echo "$TIMEZONE" > /etc/timezone
}

verify() {
  command -v curl >/dev/null
  openssl version >/dev/null
  check
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  *) log "usage: $0 check|apply|verify"; exit 2 ;;
esac
