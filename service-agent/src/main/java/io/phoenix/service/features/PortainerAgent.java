package io.phoenix.service.features;

import io.phoenix.service.scripts.StepAbort;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code portainer_agent}: the Portainer agent container on a Docker host (guest 1002). */
final class PortainerAgent implements Feature {

  static final String DEFAULT_IMAGE = "portainer/agent:2.27.3";

  @Override
  public String name() {
    return "portainer_agent";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) throws StepAbort {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(
        "IMAGE",
        ConfigText.plain("params.settings.image", request.settings().text("image", DEFAULT_IMAGE)));
    String port = request.text("agentPort", "portainer", "agentPort");
    vars.put("AGENT_PORT", ConfigText.port("the Portainer agent port", port, "9001"));
    return vars;
  }
}
