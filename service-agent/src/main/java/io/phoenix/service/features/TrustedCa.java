package io.phoenix.service.features;

import io.phoenix.service.params.Settings;
import io.phoenix.service.pem.Pem;
import io.phoenix.service.scripts.StepAbort;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code trusted_ca}: the internal CA's root (input {@code rootCertificate}) in the trust store.
 */
final class TrustedCa implements Feature {

  static final String DEFAULT_NAME = "phoenix-root-ca";

  /**
   * Where {@code trusted_ca} installs the root, for the features that check TLS against it:
   * settings {@code rootName} names it as {@code trusted_ca}'s {@code name} does.
   */
  static String installedRoot(Settings settings) throws StepAbort {
    return "/usr/local/share/ca-certificates/"
        + ConfigText.plain("params.settings.rootName", settings.text("rootName", DEFAULT_NAME))
        + ".crt";
  }

  @Override
  public String name() {
    return "trusted_ca";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) {
    return Map.of("CERT_NAME", request.settings().text("name", DEFAULT_NAME));
  }

  @Override
  public Map<String, byte[]> files(FeatureRequest request) throws StepAbort {
    String root =
        Pem.requireCertificates("inputs.rootCertificate", request.requiredInput("rootCertificate"));
    return Map.of("root_ca.crt", root.getBytes(StandardCharsets.UTF_8));
  }
}
