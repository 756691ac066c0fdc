# Feature trusted_ca: the internal CA's root certificate in the system trust store.
# Settings: CERT_NAME. Staged: $STAGE/root_ca.crt (the root from the step_ca feature).

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
readonly TARGET="/usr/local/share/ca-certificates/${CERT_NAME}.crt"

check() {
  # cmp exits 2 for a missing file: "not applied" is 1 whatever the cause.
  cmp -s "$STAGE/root_ca.crt" "$TARGET" 2>/dev/null && [ -e "/etc/ssl/certs/${CERT_NAME}.pem" ] \
    || return 1
}

apply() {
  openssl x509 -in "$STAGE/root_ca.crt" -noout || { log "the staged root is not a certificate"; exit 2; }
  if ! command -v update-ca-certificates >/dev/null; then
    apt-get -o DPkg::Lock::Timeout=300 update -q
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends ca-certificates
  fi
  install -D -m 0644 "$STAGE/root_ca.crt" "$TARGET"
  update-ca-certificates
}

verify() {
  # A self-signed root verifies against the bundle only when the bundle holds it.
  openssl verify -CAfile /etc/ssl/certs/ca-certificates.crt "$STAGE/root_ca.crt" >/dev/null
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  *) log "usage: $0 check|apply|verify"; exit 2 ;;
esac
