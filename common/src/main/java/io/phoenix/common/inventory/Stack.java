package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * A Docker stack deployed through Portainer.
 *
 * @param compose the compose file content (YAML text)
 * @param env environment variables of the stack (never secrets: those come from the agent's secret
 *     store)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Stack(String compose, Map<String, String> env) {

  public Stack {
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}
