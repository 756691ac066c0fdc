# Feature step_cli: the step CLI, bootstrapped against the internal CA when CA_URL is set
# (the root's fingerprint is taken from the root the trusted_ca feature installed).
# Settings: CA_URL (may be empty), ROOT_CERT.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
export STEPPATH=/root/.step

check() {
  command -v step >/dev/null || return 1
  [ -z "$CA_URL" ] || grep -qF "\"$CA_URL\"" "$STEPPATH/config/defaults.json" 2>/dev/null
}

apply() {
  if ! command -v step >/dev/null; then
    apt-get -o DPkg::Lock::Timeout=300 update -q
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends curl ca-certificates gnupg
    install -d -m 0755 /etc/apt/keyrings
    curl -fsSL https://packages.smallstep.com/keys/apt/repo-signing-key.gpg \
      -o /etc/apt/keyrings/smallstep.asc
    echo 'deb [signed-by=/etc/apt/keyrings/smallstep.asc] https://packages.smallstep.com/stable/debian debs main' \
      > /etc/apt/sources.list.d/smallstep.list
    apt-get -o DPkg::Lock::Timeout=300 update -q
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends step-cli
  fi
  if [ -n "$CA_URL" ]; then
    [ -f "$ROOT_CERT" ] || { log "no CA root at $ROOT_CERT: apply trusted_ca first"; exit 2; }
    local fingerprint
    fingerprint="$(step certificate fingerprint "$ROOT_CERT")"
    step ca bootstrap --ca-url "$CA_URL" --fingerprint "$fingerprint" --force
  fi
}

verify() {
  step version >/dev/null
  [ -z "$CA_URL" ] || step ca health >/dev/null
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  *) log "usage: $0 check|apply|verify"; exit 2 ;;
esac
