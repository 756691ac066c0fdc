# Feature portainer_agent: the Portainer agent as a container on AGENT_PORT, so the server can
# manage this Docker host as an environment.
# Settings: IMAGE, AGENT_PORT.

log() { echo "phoenix ${STAGE##*/}: $*" >&2; }
readonly NAME=portainer_agent

running_image() {
  docker inspect -f '{{.Config.Image}} {{.State.Running}}' "$NAME" 2>/dev/null || true
}

check() {
  [ "$(running_image)" = "$IMAGE true" ]
}

apply() {
  command -v docker >/dev/null || { log "docker is missing: apply the docker feature first"; exit 2; }
  docker pull -q "$IMAGE"
  if [ -n "$(running_image)" ]; then
    log "replacing the $NAME container"
    docker rm -f "$NAME" >/dev/null
  fi
  docker run -d --name "$NAME" --restart=always -p "$AGENT_PORT:9001" \
    -v /var/run/docker.sock:/var/run/docker.sock \
    -v /var/lib/docker/volumes:/var/lib/docker/volumes "$IMAGE"
}

verify() {
  local i code
  for i in $(seq 1 30); do
    code="$(curl -ks -o /dev/null -w '%{http_code}' "https://127.0.0.1:$AGENT_PORT/ping" || true)"
    if [ "$code" != "000" ]; then
      return 0
    fi
    log "the portainer agent does not answer yet ($i/30)"
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
