package io.phoenix.service.features;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.scripts.StepAbort;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code portainer}: the Portainer server container (guest 1001). */
final class Portainer implements Feature {

  static final String DEFAULT_IMAGE = "portainer/portainer-ce:2.27.3";

  @Override
  public String name() {
    return "portainer";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) throws StepAbort {
    Optional<CertificateSpec> cert = request.certificateFor("portainer");
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put(
        "IMAGE",
        ConfigText.plain("params.settings.image", request.settings().text("image", DEFAULT_IMAGE)));
    String port = request.text("port", "portainer", "port");
    vars.put("HTTPS_PORT", ConfigText.port("the Portainer port", port, "9443"));
    vars.put("EDGE_PORT", Integer.toString(request.settings().integer("edgePort", 8000)));
    vars.put("CERT_PATH", cert.map(CertificateSpec::certPath).orElse(""));
    vars.put("KEY_PATH", cert.map(CertificateSpec::keyPath).orElse(""));
    return vars;
  }
}
