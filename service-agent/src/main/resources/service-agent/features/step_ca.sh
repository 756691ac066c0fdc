# Feature step_ca: Smallstep step-ca, initialised inside this guest without the step CLI: the root
# and intermediate (EC P-256) are made here with openssl and never leave it, and ca.json is written
# here, authorising the pki-agent's JWK provisioner by its public key only.
# Settings: CA_NAME, CA_DNS (array), CA_PORT, PROVISIONER, STEPPATH, MAX_LIFETIME,
# DEFAULT_LIFETIME, ARTIFACT_NAME, ARTIFACT_URL, ARTIFACT_SHA256. Staged: $STAGE/provisioner.jwk.
# Modes: check, apply, verify; and init, which only creates the CA under STEPPATH (keys,
# certificates, ca.json) as the user running it: apply's first part, and what the real step-ca test
# runs on its host.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
export STEPPATH
readonly CA_CONFIG="$STEPPATH/config/ca.json"
readonly SECRETS="$STEPPATH/secrets"
readonly CERTS="$STEPPATH/certs"
readonly PASSWORD="$SECRETS/password"
readonly ROOT_CERT="$CERTS/root_ca.crt"
readonly UNIT=/etc/systemd/system/step-ca.service
readonly LOCAL_BIN=/usr/local/bin/step-ca
readonly CA_USER=step

step_ca_binary() {
  if artifact_configured; then
    echo "$LOCAL_BIN"
  else
    command -v step-ca || true
  fi
}

# The whole ca.json, from the settings and the staged provisioner key: the file is ours, so a
# changed setting or key is a changed file.
render_ca_json() {
  local dns
  dns="$(printf '%s\n' "${CA_DNS[@]}" | jq -R . | jq -cs .)"
  jq -n --arg path "$STEPPATH" --arg address ":$CA_PORT" --argjson dns "$dns" \
    --arg provisioner "$PROVISIONER" --slurpfile key "$STAGE/provisioner.jwk" \
    --arg max "$MAX_LIFETIME" --arg default "$DEFAULT_LIFETIME" '{
      root: ($path + "/certs/root_ca.crt"),
      crt: ($path + "/certs/intermediate_ca.crt"),
      key: ($path + "/secrets/intermediate_ca_key"),
      address: $address,
      dnsNames: $dns,
      logger: {format: "text"},
      db: {type: "badgerv2", dataSource: ($path + "/db")},
      authority: {
        claims: {minTLSCertDuration: "5m", maxTLSCertDuration: $max,
                 defaultTLSCertDuration: $default},
        provisioners: [{type: "JWK", name: $provisioner, key: $key[0]}]
      },
      tls: {
        cipherSuites: ["TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                       "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
        minVersion: 1.2, maxVersion: 1.3, renegotiation: false
      }
    }'
}

ca_json_current() {
  [ -f "$CA_CONFIG" ] && [ "$(render_ca_json)" = "$(cat "$CA_CONFIG")" ]
}

render_unit() {
  cat <<UNIT
[Unit]
Description=Phoenix internal CA (step-ca)
After=network-online.target
Wants=network-online.target

[Service]
User=$CA_USER
Group=$CA_USER
Environment=STEPPATH=$STEPPATH
ExecStart=$(step_ca_binary) --password-file $PASSWORD $CA_CONFIG
Restart=on-failure
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes

[Install]
WantedBy=multi-user.target
UNIT
}

installed() {
  if artifact_configured; then
    artifact_installed "$LOCAL_BIN"
  else
    command -v step-ca >/dev/null
  fi
}

check() {
  installed && [ -s "$ROOT_CERT" ] && ca_json_current \
    && [ "$(render_unit)" = "$(cat "$UNIT" 2>/dev/null)" ] && systemctl is-active --quiet step-ca
}

require_public_jwk() {
  jq -e '.kty and (has("d") | not)' "$STAGE/provisioner.jwk" >/dev/null 2>&1 \
    || { log "the provisioner key must be a public JWK"; exit 2; }
}

# The CA hierarchy, made the way `step ca init` makes it: a root valid 10 years (path length 1)
# signing an intermediate (path length 0) that step-ca signs with; both keys encrypted with a
# password generated here. A root certificate is written last, so an interrupted init starts over.
init_ca() {
  local work serial
  require_public_jwk
  install -d -m 0700 "$STEPPATH" "$SECRETS"
  install -d -m 0755 "$CERTS" "$STEPPATH/config"
  if [ ! -s "$ROOT_CERT" ]; then
    log "creating the CA $CA_NAME"
    work="$(mktemp -d)"
    cat > "$work/openssl.cnf" <<'CNF'
[req]
distinguished_name = dn
[dn]
[root]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
    (
      umask 077
      openssl rand -base64 32 > "$PASSWORD"
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc \
        -pass "file:$PASSWORD" -out "$SECRETS/root_ca_key"
      openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc \
        -pass "file:$PASSWORD" -out "$SECRETS/intermediate_ca_key"
    )
    openssl req -new -x509 -config "$work/openssl.cnf" -extensions root -sha256 -days 3650 \
      -key "$SECRETS/root_ca_key" -passin "file:$PASSWORD" \
      -subj "/O=$(subject_text "$CA_NAME")/CN=$(subject_text "$CA_NAME") Root CA" \
      -out "$work/root_ca.crt"
    openssl req -new -config "$work/openssl.cnf" -key "$SECRETS/intermediate_ca_key" \
      -passin "file:$PASSWORD" \
      -subj "/O=$(subject_text "$CA_NAME")/CN=$(subject_text "$CA_NAME") Intermediate CA" \
      -out "$work/intermediate.csr"
    serial="0x$(openssl rand -hex 16)"
    openssl x509 -req -in "$work/intermediate.csr" -sha256 -days 3650 -set_serial "$serial" \
      -CA "$work/root_ca.crt" -CAkey "$SECRETS/root_ca_key" -passin "file:$PASSWORD" \
      -extfile "$work/openssl.cnf" -extensions intermediate -out "$CERTS/intermediate_ca.crt"
    install -m 0644 "$work/root_ca.crt" "$ROOT_CERT"
    rm -rf "$work"
  fi
  openssl verify -CAfile "$ROOT_CERT" "$CERTS/intermediate_ca.crt" >/dev/null \
    || { log "$CERTS/intermediate_ca.crt does not chain to $ROOT_CERT: move $STEPPATH away to start a new CA"; exit 1; }
  render_ca_json > "$CA_CONFIG.new"
  mv "$CA_CONFIG.new" "$CA_CONFIG"
  chmod 0600 "$SECRETS"/*
}

# openssl -subj treats / and \ as syntax: escape them.
subject_text() {
  local text="${1//\\/\\\\}"
  printf '%s' "${text//\//\\/}"
}

install_packages() {
  local missing=()
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl ca-certificates)
  command -v openssl >/dev/null || missing+=(openssl)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get -o DPkg::Lock::Timeout=300 update -q
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
  fi
  if artifact_configured; then
    artifact_installed "$LOCAL_BIN" || install_artifact step-ca "$LOCAL_BIN"
  elif ! command -v step-ca >/dev/null; then
    install_smallstep_package step-ca
  fi
}

apply() {
  install_packages
  require_public_jwk
  id "$CA_USER" >/dev/null 2>&1 \
    || useradd --system --home-dir "$STEPPATH" --shell /usr/sbin/nologin "$CA_USER"
  init_ca
  chown -R "$CA_USER:$CA_USER" "$STEPPATH"
  chmod 0700 "$STEPPATH" "$SECRETS"
  render_unit > "$UNIT"
  systemctl daemon-reload
  systemctl enable step-ca
  systemctl restart step-ca
}

# The CA's keys are its user's alone: 0600 files in a 0700 directory.
keys_private() {
  local file
  [ "$(stat -c '%U %a' "$SECRETS")" = "$CA_USER 700" ] \
    || { log "$SECRETS must be mode 700, owned by $CA_USER"; return 1; }
  for file in "$SECRETS"/*; do
    [ "$(stat -c '%U %a' "$file")" = "$CA_USER 600" ] \
      || { log "$file must be mode 600, owned by $CA_USER"; return 1; }
  done
}

verify() {
  local i answer
  keys_private
  for i in $(seq 1 30); do
    if answer="$(curl -fsS --cacert "$ROOT_CERT" --resolve "${CA_DNS[0]}:$CA_PORT:127.0.0.1" \
      "https://${CA_DNS[0]}:$CA_PORT/health" 2>&1)" \
      && [ "$(jq -r .status <<<"$answer" 2>/dev/null)" = ok ]; then
      return 0
    fi
    log "step-ca does not answer ok on https://${CA_DNS[0]}:$CA_PORT/health yet ($i/30): $answer"
    sleep 1
  done
  return 1
}

case "${1:-}" in
  check) check ;;
  apply) apply ;;
  verify) verify ;;
  init) init_ca ;;
  *) log "usage: $0 check|apply|verify|init"; exit 2 ;;
esac
