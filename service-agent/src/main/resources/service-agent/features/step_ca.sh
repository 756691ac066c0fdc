# Feature step_ca: Smallstep step-ca, initialised inside this guest (its keys never leave it),
# with the pki-agent's JWK provisioner authorised by its public key only.
# Settings: CA_NAME, CA_DNS (array), CA_PORT, PROVISIONER. Staged: $STAGE/provisioner.jwk.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
export DEBIAN_FRONTEND=noninteractive
export STEPPATH=/etc/step-ca
readonly CA_CONFIG="$STEPPATH/config/ca.json"
readonly BOOTSTRAP=phoenix-bootstrap

has_wanted_provisioner() {
  jq -e --arg name "$PROVISIONER" --slurpfile key "$STAGE/provisioner.jwk" \
    '[.authority.provisioners[]? | select(.name == $name and .key == $key[0])] | length == 1' \
    "$CA_CONFIG" >/dev/null
}

check() {
  command -v step-ca >/dev/null && [ -f "$CA_CONFIG" ] && has_wanted_provisioner \
    && systemctl is-active --quiet step-ca
}

install_packages() {
  if command -v step-ca >/dev/null && command -v step >/dev/null && command -v jq >/dev/null; then
    return 0
  fi
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends curl ca-certificates gnupg jq
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL https://packages.smallstep.com/keys/apt/repo-signing-key.gpg \
    -o /etc/apt/keyrings/smallstep.asc
  echo 'deb [signed-by=/etc/apt/keyrings/smallstep.asc] https://packages.smallstep.com/stable/debian debs main' \
    > /etc/apt/sources.list.d/smallstep.list
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends step-cli step-ca
}

init_ca() {
  local dns_args=() name throwaway
  for name in "${CA_DNS[@]}"; do
    dns_args+=(--dns "$name")
  done
  install -d -m 0700 "$STEPPATH" "$STEPPATH/secrets"
  # The key password is generated here and stays here (mode 600, owned by the CA's user).
  ( umask 077; openssl rand -base64 32 > "$STEPPATH/secrets/password" )
  # `step ca init` insists on a provisioner of its own; its password is thrown away and the
  # provisioner removed once the pki-agent's is in.
  throwaway="$(mktemp)"
  openssl rand -base64 32 > "$throwaway"
  step ca init --deployment-type standalone --name "$CA_NAME" "${dns_args[@]}" \
    --address ":$CA_PORT" --provisioner "$BOOTSTRAP" \
    --password-file "$STEPPATH/secrets/password" --provisioner-password-file "$throwaway"
  rm -f "$throwaway"
}

authorise_provisioner() {
  if has_wanted_provisioner; then
    return 0
  fi
  if jq -e --arg name "$PROVISIONER" '.authority.provisioners[]? | select(.name == $name)' \
    "$CA_CONFIG" >/dev/null; then
    log "replacing provisioner $PROVISIONER: its key changed"
    step ca provisioner remove "$PROVISIONER" --ca-config "$CA_CONFIG"
  fi
  step ca provisioner add "$PROVISIONER" --type JWK --public-key "$STAGE/provisioner.jwk" \
    --ca-config "$CA_CONFIG"
  if jq -e --arg name "$BOOTSTRAP" '.authority.provisioners[]? | select(.name == $name)' \
    "$CA_CONFIG" >/dev/null; then
    step ca provisioner remove "$BOOTSTRAP" --ca-config "$CA_CONFIG"
  fi
}

write_unit() {
  cat > /etc/systemd/system/step-ca.service <<UNIT
[Unit]
Description=Phoenix internal CA (step-ca)
After=network-online.target
Wants=network-online.target

[Service]
User=step
Group=step
Environment=STEPPATH=$STEPPATH
ExecStart=/usr/bin/step-ca $CA_CONFIG --password-file $STEPPATH/secrets/password
Restart=on-failure
AmbientCapabilities=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes

[Install]
WantedBy=multi-user.target
UNIT
}

apply() {
  jq -e '.kty and (has("d") | not)' "$STAGE/provisioner.jwk" >/dev/null 2>&1 \
    || { log "the provisioner key must be a public JWK"; exit 2; }
  install_packages
  id step >/dev/null 2>&1 || useradd --system --home-dir "$STEPPATH" --shell /usr/sbin/nologin step
  [ -f "$CA_CONFIG" ] || init_ca
  authorise_provisioner
  chown -R step:step "$STEPPATH"
  chmod 0700 "$STEPPATH/secrets"
  write_unit
  systemctl daemon-reload
  systemctl enable step-ca
  systemctl restart step-ca
}

verify() {
  local i
  for i in $(seq 1 30); do
    if curl -fsS --cacert "$STEPPATH/certs/root_ca.crt" \
      --resolve "${CA_DNS[0]}:$CA_PORT:127.0.0.1" "https://${CA_DNS[0]}:$CA_PORT/health" \
      | grep -q '"ok"'; then
      return 0
    fi
    log "step-ca does not answer yet ($i/30)"
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
