# Artifact: the feature's binary from a configured URL (the inventory's artifacts section: how an
# air-gapped host installs), checked against its SHA-256 before anything is installed.
# Settings: ARTIFACT_NAME (the inventory's key: step-ca, step-cli, traefik), ARTIFACT_URL,
# ARTIFACT_SHA256 (both empty: the feature uses its own default source).
# Which artifact is installed: /var/lib/phoenix/artifacts/<name>.sha256, beside the features' stages.
readonly ARTIFACT_MARKS="${STAGE%/features/*}/artifacts"

artifact_configured() {
  [ -n "$ARTIFACT_URL" ]
}

# artifact_installed DEST: the configured artifact is the one installed at DEST.
artifact_installed() {
  [ -x "$1" ] \
    && [ "$(cat "$ARTIFACT_MARKS/$ARTIFACT_NAME.sha256" 2>/dev/null || true)" = "$ARTIFACT_SHA256" ]
}

# install_artifact BINARY DEST: downloads ARTIFACT_URL, refuses it (exit 2) unless its SHA-256 is
# ARTIFACT_SHA256, and installs it at DEST: the file itself, or the file called BINARY inside it
# when it is a .tar.gz.
install_artifact() {
  local name="$1" dest="$2" dir actual listing member binary
  dir="$(mktemp -d)"
  log "downloading the $ARTIFACT_NAME artifact from $ARTIFACT_URL"
  if ! curl -fsSL --retry 3 --connect-timeout 20 -o "$dir/download" "$ARTIFACT_URL"; then
    rm -rf "$dir"
    log "cannot download the $ARTIFACT_NAME artifact from $ARTIFACT_URL"
    return 1
  fi
  actual="$(sha256sum "$dir/download" | cut -d' ' -f1)"
  if [ "$actual" != "$ARTIFACT_SHA256" ]; then
    rm -rf "$dir"
    log "the $ARTIFACT_NAME artifact at $ARTIFACT_URL has SHA-256 $actual, not $ARTIFACT_SHA256 as configured: fix the mirror or artifacts.$ARTIFACT_NAME.sha256 in the inventory"
    exit 2
  fi
  binary="$dir/download"
  if gzip -t "$dir/download" 2>/dev/null; then
    listing="$(tar -tzf "$dir/download")"
    member="$(printf '%s\n' "$listing" \
      | awk -v n="$name" 'found == "" && ($0 == n || substr($0, length($0) - length(n)) == "/" n) {found = $0} END {print found}')"
    if [ -z "$member" ]; then
      rm -rf "$dir"
      log "the $ARTIFACT_NAME artifact at $ARTIFACT_URL is a tarball without a file called $name"
      exit 2
    fi
    mkdir "$dir/unpacked"
    tar -xzf "$dir/download" -C "$dir/unpacked" "$member"
    binary="$dir/unpacked/$member"
  fi
  install -D -m 0755 "$binary" "$dest"
  install -d -m 0755 "$ARTIFACT_MARKS"
  echo "$ARTIFACT_SHA256" > "$ARTIFACT_MARKS/$ARTIFACT_NAME.sha256"
  rm -rf "$dir"
}

# install_smallstep_package PACKAGE: the default source of step-ca and step, Smallstep's apt
# repository (for hosts that reach it; an air-gapped host configures an artifact instead).
install_smallstep_package() {
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends curl ca-certificates gnupg
  install -d -m 0755 /etc/apt/keyrings
  curl -fsSL https://packages.smallstep.com/keys/apt/repo-signing-key.gpg \
    -o /etc/apt/keyrings/smallstep.asc
  echo 'deb [signed-by=/etc/apt/keyrings/smallstep.asc] https://packages.smallstep.com/stable/debian debs main' \
    > /etc/apt/sources.list.d/smallstep.list
  apt-get -o DPkg::Lock::Timeout=300 update -q
  apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$1"
}
