package io.phoenix.service.certs;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.scripts.RenderedScript;
import io.phoenix.service.scripts.ScriptTemplate;
import io.phoenix.service.scripts.StepAbort;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Renders the csr and cert scripts of one certificate. */
final class CertificateScripts {

  static final String STAGE_ROOT = "/var/lib/phoenix/certs";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final Pattern OWNER = Pattern.compile("[a-z_][a-z0-9_-]*:[a-z_][a-z0-9_-]*");

  /** Units whose service reloads with a new certificate, by the feature that serves with it. */
  private static final Map<String, String> UNITS =
      Map.of(
          "nginx",
          "nginx",
          "traefik",
          "traefik",
          "step_ca",
          "step-ca",
          "portainer",
          "docker",
          "docker",
          "docker");

  private CertificateScripts() {}

  static CertificateSpec spec(JsonNode params, JsonMapper json) throws StepAbort {
    JsonNode node = params == null ? null : params.path("certificate");
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw StepAbort.invalid("params.certificate is missing: the certificate's names and paths");
    }
    CertificateSpec spec;
    try {
      spec = json.treeToValue(node, CertificateSpec.class);
    } catch (JacksonException e) {
      throw StepAbort.invalid("params.certificate is not valid: " + e.getOriginalMessage());
    }
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      throw StepAbort.invalid(
          "params.certificate.name must be lower-case letters, digits, '.', '_' or '-', got '"
              + spec.name()
              + "'");
    }
    require("commonName", spec.commonName());
    absolute("keyPath", spec.keyPath());
    absolute("certPath", spec.certPath());
    if (spec.owner() != null && !OWNER.matcher(spec.owner()).matches()) {
      throw StepAbort.invalid(
          "params.certificate.owner must be user:group, got '" + spec.owner() + "'");
    }
    return spec;
  }

  static String stage(CertificateSpec spec) {
    return STAGE_ROOT + "/" + spec.name();
  }

  static String csrPath(CertificateSpec spec) {
    return stage(spec) + "/request.csr";
  }

  static RenderedScript csr(CertificateSpec spec) {
    List<String> sans = spec.sans().isEmpty() ? List.of(spec.commonName()) : spec.sans();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("KEY_PATH", spec.keyPath());
    vars.put("CSR_PATH", csrPath(spec));
    vars.put("COMMON_NAME", spec.commonName());
    vars.put("SANS", sans);
    vars.put("OWNER", owner(spec));
    String text =
        ScriptTemplate.render(
            "Phoenix certificate request " + spec.name(),
            vars,
            ScriptTemplate.body("certs/csr.sh"));
    return new RenderedScript("csr " + spec.name(), stage(spec) + "/csr", text, Map.of());
  }

  static RenderedScript install(CertificateSpec spec, String chain) {
    String stage = stage(spec) + "/cert";
    String unit = spec.feature() == null ? "" : UNITS.getOrDefault(spec.feature(), spec.feature());
    String reload =
        spec.reload() != null && !spec.reload().isBlank()
            ? spec.reload()
            : unit.isEmpty() ? "" : "systemctl reload-or-restart " + unit;
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("STAGED_CHAIN", stage + "/chain.pem");
    vars.put("CERT_PATH", spec.certPath());
    vars.put("KEY_PATH", spec.keyPath());
    vars.put("OWNER", owner(spec));
    vars.put("SERVICE_UNIT", unit);
    vars.put("RELOAD", reload);
    String text =
        ScriptTemplate.render(
            "Phoenix certificate install " + spec.name(),
            vars,
            ScriptTemplate.body("certs/cert.sh"));
    return new RenderedScript(
        "cert " + spec.name(),
        stage,
        text,
        Map.of("chain.pem", chain.getBytes(StandardCharsets.UTF_8)));
  }

  static String owner(CertificateSpec spec) {
    return spec.owner() == null ? "root:root" : spec.owner();
  }

  private static void require(String key, String value) throws StepAbort {
    if (value == null || value.isBlank()) {
      throw StepAbort.invalid("params.certificate." + key + " is missing");
    }
  }

  private static void absolute(String key, String value) throws StepAbort {
    require(key, value);
    if (!value.startsWith("/") || value.contains("..")) {
      throw StepAbort.invalid(
          "params.certificate." + key + " must be an absolute path, got " + value);
    }
  }
}
