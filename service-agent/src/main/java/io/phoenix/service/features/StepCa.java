package io.phoenix.service.features;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.inventory.CaSettings;
import io.phoenix.common.time.GoDuration;
import io.phoenix.service.pem.Pem;
import io.phoenix.service.scripts.ScriptRunner;
import io.phoenix.service.scripts.StepAbort;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code step_ca}: step-ca initialised in the CA guest (its keys are created there), authorising
 * the pki-agent's provisioner by its public JWK. Outputs the root and its fingerprint.
 */
final class StepCa implements Feature {

  /** The CA's directory in the guest (step-ca's STEPPATH). */
  static final String STEPPATH = "/etc/step-ca";

  static final String ROOT_PATH = STEPPATH + "/certs/root_ca.crt";

  @Override
  public String name() {
    return "step_ca";
  }

  @Override
  public Map<String, Object> variables(FeatureRequest request) throws StepAbort {
    List<String> dns = request.settings().list("dnsNames");
    if (dns.isEmpty()) {
      dns = request.params().child("ca").list("dnsNames");
    }
    if (dns.isEmpty()) {
      throw StepAbort.invalid("params.settings.dnsNames is missing: the CA's DNS names");
    }
    String name = request.text("caName", "ca", "name");
    String provisioner = request.text("provisioner", "ca", "provisioner");
    String port = request.text("port", "ca", "port");
    if (name == null || provisioner == null) {
      throw StepAbort.invalid(
          "params.settings.caName and params.settings.provisioner are required (or params.ca)");
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("CA_NAME", name);
    vars.put("CA_DNS", dns);
    if (port != null && !port.trim().matches("\\d{1,5}")) {
      throw StepAbort.invalid("the CA port must be a number, got '" + port + "'");
    }
    vars.put("CA_PORT", port == null ? "9000" : port.trim());
    vars.put("PROVISIONER", provisioner);
    vars.put("STEPPATH", STEPPATH);
    vars.put("MAX_LIFETIME", CaSettings.MAX_LIFETIME);
    vars.put("DEFAULT_LIFETIME", defaultLifetime(request));
    vars.putAll(Artifact.variables(name(), request.settings()));
    return vars;
  }

  /** The inventory's default lifetime, which step-ca refuses to start with above its maximum. */
  private static String defaultLifetime(FeatureRequest request) throws StepAbort {
    String lifetime = request.text("defaultLifetime", "ca", "defaultLifetime");
    if (lifetime == null) {
      return CaSettings.DEFAULT_LIFETIME;
    }
    Duration parsed;
    try {
      parsed = GoDuration.parse(lifetime);
    } catch (IllegalArgumentException e) {
      throw StepAbort.invalid(
          "the CA's defaultLifetime must be a duration such as 24h, got '" + lifetime + "'");
    }
    if (parsed.compareTo(GoDuration.parse(CaSettings.MAX_LIFETIME)) > 0) {
      throw StepAbort.invalid(
          "the CA's defaultLifetime "
              + lifetime
              + " exceeds its maximum "
              + CaSettings.MAX_LIFETIME
              + ": choose a shorter one");
    }
    return lifetime;
  }

  @Override
  public List<String> libraries() {
    return Artifact.LIBRARIES;
  }

  @Override
  public Map<String, byte[]> files(FeatureRequest request) throws StepAbort {
    String jwk = request.requiredInput("provisionerJwk").trim();
    if (!jwk.startsWith("{") || jwk.contains("\"d\"")) {
      throw StepAbort.invalid(
          "inputs.provisionerJwk must be a public JWK (a JSON object without \"d\")");
    }
    return Map.of("provisioner.jwk", (jwk + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Map<String, String> outputs(ScriptRunner guest) throws StepAbort, InterruptedException {
    byte[] pem =
        guest
            .read(ROOT_PATH)
            .orElseThrow(
                () ->
                    new StepAbort(
                        new StepFailed(
                            "CA_ROOT_MISSING",
                            "step_ca is applied but "
                                + ROOT_PATH
                                + " is missing in guest "
                                + guest.guest().vmid(),
                            true,
                            Map.of("guest", Integer.toString(guest.guest().vmid())))));
    String text = new String(pem, StandardCharsets.UTF_8);
    X509Certificate root = Pem.firstCertificate(ROOT_PATH, text);
    return Map.of("rootCertificate", Pem.encode(root), "rootFingerprint", Pem.sha256(root));
  }
}
