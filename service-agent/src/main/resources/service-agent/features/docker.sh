# Feature docker: the Docker engine and compose plugin from the distribution.
# Settings: PACKAGES (array).

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
  systemctl is-active --quiet docker
}

apply() {
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${PACKAGES[@]}"
  systemctl enable docker
  systemctl start docker
}

verify() {
  docker info >/dev/null
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  *) log "usage: $0 check|apply|verify"; exit 2 ;;
esac
