# Certificate request: a private key generated here (it never leaves this guest; mode 600,
# owned by OWNER) and a CSR for the certificate's names, written to CSR_PATH.
# Settings: KEY_PATH, CSR_PATH, COMMON_NAME, SANS (array), OWNER (user:group).

log() { echo "phoenix csr: $*" >&2; }

ensure_owner() {
  local user="${OWNER%%:*}" group="${OWNER#*:}"
  getent group "$group" >/dev/null || groupadd --system "$group"
  id "$user" >/dev/null 2>&1 \
    || useradd --system --no-create-home --shell /usr/sbin/nologin -g "$group" "$user"
}

san_extension() {
  local san entries=()
  for san in "${SANS[@]}"; do
    if [[ "$san" =~ ^[0-9.]+$ || "$san" == *:* ]]; then
      entries+=("IP:$san")
    else
      entries+=("DNS:$san")
    fi
  done
  local IFS=,
  echo "subjectAltName=${entries[*]}"
}

ensure_owner
install -d -m 0755 "$(dirname "$KEY_PATH")" "$(dirname "$CSR_PATH")"
if [ ! -s "$KEY_PATH" ]; then
  log "generating a P-256 key at $KEY_PATH"
  ( umask 077; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$KEY_PATH" )
fi
chown "$OWNER" "$KEY_PATH"
chmod 0600 "$KEY_PATH"
openssl req -new -key "$KEY_PATH" -subj "/CN=$COMMON_NAME" -addext "$(san_extension)" \
  -out "$CSR_PATH"
chmod 0644 "$CSR_PATH"
