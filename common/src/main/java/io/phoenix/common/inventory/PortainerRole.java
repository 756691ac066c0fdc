package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A guest's part in Portainer. */
public enum PortainerRole {
  @JsonProperty("none")
  NONE,
  @JsonProperty("server")
  SERVER,
  @JsonProperty("agent")
  AGENT
}
