package io.phoenix.service.features;

import io.phoenix.service.scripts.StepAbort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code step_cli}: the step CLI, bootstrapped against the internal CA when a CA url is set. */
final class StepCli implements Feature {

  @Override
  public String name() {
    return "step_cli";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) throws StepAbort {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("CA_URL", request.settings().text("caUrl", ""));
    vars.put("ROOT_CERT", TrustedCa.installedRoot(request.settings()));
    vars.putAll(Artifact.variables(name(), request.settings()));
    return vars;
  }

  @Override
  public List<String> libraries() {
    return Artifact.LIBRARIES;
  }
}
