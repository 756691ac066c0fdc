package io.phoenix.service.features;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code step_cli}: the step CLI, bootstrapped against the internal CA when a CA url is set. */
final class StepCli implements Feature {

  @Override
  public String name() {
    return "step_cli";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("CA_URL", request.settings().text("caUrl", ""));
    vars.put(
        "ROOT_CERT",
        "/usr/local/share/ca-certificates/"
            + request.settings().text("rootName", TrustedCa.DEFAULT_NAME)
            + ".crt");
    return vars;
  }
}
