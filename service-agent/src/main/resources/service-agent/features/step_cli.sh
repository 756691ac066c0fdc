# Feature step_cli: the step CLI (from the configured artifact, else Smallstep's apt repository),
# bootstrapped against the internal CA when CA_URL is set (the root's fingerprint is taken from
# the root the trusted_ca feature installed).
# Settings: CA_URL (may be empty), ROOT_CERT, ARTIFACT_NAME, ARTIFACT_URL, ARTIFACT_SHA256.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
export STEPPATH=/root/.step
readonly LOCAL_BIN=/usr/local/bin/step

installed() {
  if artifact_configured; then
    artifact_installed "$LOCAL_BIN"
  else
    command -v step >/dev/null
  fi
}

check() {
  installed || return 1
  [ -z "$CA_URL" ] || grep -qF "\"$CA_URL\"" "$STEPPATH/config/defaults.json" 2>/dev/null
}

install_step() {
  if artifact_configured; then
    install_artifact step "$LOCAL_BIN"
    return 0
  fi
  install_smallstep_package step-cli
}

# The root's SHA-256 fingerprint as step prints it (lower-case hex of the DER).
root_fingerprint() {
  openssl x509 -in "$ROOT_CERT" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : \
    | tr '[:upper:]' '[:lower:]'
}

apply() {
  installed || install_step
  if [ -n "$CA_URL" ]; then
    [ -f "$ROOT_CERT" ] || { log "no CA root at $ROOT_CERT: apply trusted_ca first"; exit 2; }
    step ca bootstrap --ca-url "$CA_URL" --fingerprint "$(root_fingerprint)" --force
  fi
}

verify() {
  local step
  step="$(command -v step)"
  artifact_configured && step="$LOCAL_BIN"
  "$step" version >/dev/null
  [ -z "$CA_URL" ] || "$step" ca health | grep -qx ok
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  *) log "usage: $0 check|apply|verify"; exit 2 ;;
esac
