# Feature portainer: the Portainer server as a container, serving its API on HTTPS_PORT (with
# the guest's certificate when CERT_PATH and KEY_PATH are set).
# Settings: IMAGE, HTTPS_PORT, EDGE_PORT, CERT_PATH, KEY_PATH (may be empty).

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
readonly NAME=portainer

running_image() {
  docker inspect -f '{{.Config.Image}} {{.State.Running}}' "$NAME" 2>/dev/null || true
}

check() {
  [ "$(running_image)" = "$IMAGE true" ]
}

apply() {
  command -v docker >/dev/null || { log "docker is missing: apply the docker feature first"; exit 2; }
  local args=(-d --name "$NAME" --restart=always -p "$EDGE_PORT:8000" -p "$HTTPS_PORT:9443"
    -v /var/run/docker.sock:/var/run/docker.sock -v portainer_data:/data)
  local flags=()
  if [ -n "$CERT_PATH" ] && [ -n "$KEY_PATH" ]; then
    args+=(-v "$CERT_PATH:/certs/portainer.crt:ro" -v "$KEY_PATH:/certs/portainer.key:ro")
    flags+=(--sslcert /certs/portainer.crt --sslkey /certs/portainer.key)
  fi
  docker volume create portainer_data >/dev/null
  docker pull -q "$IMAGE"
  if [ -n "$(running_image)" ]; then
    log "replacing the $NAME container"
    docker rm -f "$NAME" >/dev/null
  fi
  docker run "${args[@]}" "$IMAGE" "${flags[@]}"
}

verify() {
  local i
  for i in $(seq 1 30); do
    if curl -ksf "https://127.0.0.1:$HTTPS_PORT/api/system/status" >/dev/null; then
      return 0
    fi
    log "portainer does not answer yet ($i/30)"
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
