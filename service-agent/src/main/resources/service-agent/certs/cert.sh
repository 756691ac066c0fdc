# Certificate install: the signed chain (staged at STAGED_CHAIN) to CERT_PATH, after checking
# that it belongs to the key at KEY_PATH; the service reloads when it is running.
# Settings: STAGED_CHAIN, CERT_PATH, KEY_PATH, OWNER, SERVICE_UNIT, RELOAD (may be empty).

log() { echo "phoenix cert: $*" >&2; }

[ -s "$KEY_PATH" ] || { log "no key at $KEY_PATH: the csr step creates it"; exit 2; }
chain_key="$(openssl x509 -in "$STAGED_CHAIN" -noout -pubkey)"
own_key="$(openssl pkey -in "$KEY_PATH" -pubout)"
[ "$chain_key" = "$own_key" ] \
  || { log "the chain at $STAGED_CHAIN is not for the key at $KEY_PATH"; exit 2; }
install -D -m 0644 -o "${OWNER%%:*}" -g "${OWNER#*:}" "$STAGED_CHAIN" "$CERT_PATH"
if [ -n "$SERVICE_UNIT" ] && systemctl is-active --quiet "$SERVICE_UNIT"; then
  log "reloading $SERVICE_UNIT"
  bash -c "$RELOAD"
fi
