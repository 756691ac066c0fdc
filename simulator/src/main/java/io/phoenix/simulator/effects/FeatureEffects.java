package io.phoenix.simulator.effects;

import io.phoenix.common.contract.Simulated;
import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code bash /var/lib/phoenix/features/<name>/run.sh check|apply|verify} does in the
 * simulated world. {@code apply} marks the feature applied (with the digest of the script, so a
 * re-rendered script is "not applied" until it runs), starts its units and ports, and does the
 * feature's coherent side effects: {@code step_ca} authorises the provisioner with the simulated CA
 * and leaves its real root at {@code /etc/step-ca/certs/root_ca.crt}; {@code trusted_ca} installs
 * the staged root; {@code nginx} refuses to start without a certificate matching its key. Every run
 * prints {@code phoenix-simulated: <reason>} on standard output ({@link Simulated}): nothing of the
 * feature ran for real, and the build says so.
 */
final class FeatureEffects {

  static final Pattern SCRIPT = Pattern.compile("/var/lib/phoenix/features/([a-z_]+)/run\\.sh");

  /** Units, ports (header variable names or literals) and required features, per feature. */
  private record Spec(List<String> units, List<String> ports, List<String> requires) {}

  private static final Map<String, Spec> SPECS =
      Map.of(
          "base_setup", new Spec(List.of(), List.of(), List.of()),
          "trusted_ca", new Spec(List.of(), List.of(), List.of()),
          "step_ca", new Spec(List.of("step-ca"), List.of("CA_PORT"), List.of()),
          "step_cli", new Spec(List.of(), List.of(), List.of()),
          "nginx", new Spec(List.of("nginx"), List.of("80", "LISTEN_PORT"), List.of()),
          "traefik", new Spec(List.of("traefik"), List.of("80", "443", "PING_PORT"), List.of()),
          "docker", new Spec(List.of("docker"), List.of(), List.of()),
          "portainer", new Spec(List.of(), List.of("HTTPS_PORT", "EDGE_PORT"), List.of("docker")),
          "portainer_agent", new Spec(List.of(), List.of("AGENT_PORT"), List.of("docker")));

  private final SimulatedCa ca;

  FeatureEffects(SimulatedCa ca) {
    this.ca = ca;
  }

  Optional<ExecResult> run(Guest guest, List<String> argv) {
    if (argv.size() < 3 || !argv.get(0).equals("bash")) {
      return Optional.empty();
    }
    Matcher m = SCRIPT.matcher(argv.get(1));
    if (!m.matches()) {
      return Optional.empty();
    }
    String feature = m.group(1);
    Optional<byte[]> script = guest.files().read(argv.get(1));
    if (script.isEmpty()) {
      return Optional.of(
          ExecResult.failed(127, "bash: " + argv.get(1) + ": No such file or directory\n"));
    }
    String text = new String(script.get(), StandardCharsets.UTF_8);
    Spec spec = SPECS.get(feature);
    if (spec == null) {
      return Optional.of(
          ExecResult.failed(
              2, "phoenix " + feature + ": the simulator does not know this feature\n"));
    }
    ScriptHeader header = ScriptHeader.parse(text);
    String digest = sha256(text);
    ExecResult result =
        switch (argv.get(2)) {
          case "check" -> check(guest, feature, spec, digest);
          case "apply" -> apply(guest, feature, spec, header, digest);
          case "verify" -> verify(guest, feature, spec, header);
          default ->
              ExecResult.failed(2, "phoenix " + feature + ": usage: run.sh check|apply|verify\n");
        };
    return Optional.of(simulated(feature, result));
  }

  /** {@code result} with the {@code phoenix-simulated:} line first on its standard output. */
  static ExecResult simulated(String feature, ExecResult result) {
    byte[] line =
        SimState.utf8(
            Simulated.line(
                "the simulator faked feature " + feature + " (its script body did not run)"));
    byte[] stdout = new byte[line.length + result.stdout().length];
    System.arraycopy(line, 0, stdout, 0, line.length);
    System.arraycopy(result.stdout(), 0, stdout, line.length, result.stdout().length);
    return new ExecResult(result.exitCode(), stdout, result.stderr());
  }

  private static ExecResult check(Guest guest, String feature, Spec spec, String digest) {
    boolean applied = SimState.feature(guest, feature).map(digest::equals).orElse(false);
    boolean running = spec.units().stream().allMatch(u -> SimState.active(guest, u));
    return applied && running ? ExecResult.ok() : new ExecResult(1, new byte[0], new byte[0]);
  }

  private ExecResult apply(
      Guest guest, String feature, Spec spec, ScriptHeader header, String digest) {
    for (String required : spec.requires()) {
      if (SimState.feature(guest, required).isEmpty()) {
        return ExecResult.failed(
            2,
            "phoenix "
                + feature
                + ": "
                + required
                + " is missing: apply the "
                + required
                + " feature first\n");
      }
    }
    String stage = header.get("STAGE");
    Optional<ExecResult> refused =
        switch (feature) {
          case "step_ca" -> stepCa(guest, header, stage);
          case "trusted_ca" -> trustedCa(guest, header, stage);
          case "nginx" -> nginx(guest, header, stage);
          case "traefik" -> traefik(guest, stage);
          default -> Optional.empty();
        };
    if (refused.isPresent()) {
      return refused.get();
    }
    spec.units().forEach(u -> SimState.activate(guest, u));
    for (String port : spec.ports()) {
      String value = port.matches("\\d+") ? port : header.get(port);
      if (value.matches("\\d+")) {
        SimState.listen(guest, Integer.parseInt(value), feature);
      }
    }
    SimState.markFeature(guest, feature, digest);
    return new ExecResult(0, new byte[0], SimState.utf8("phoenix " + feature + ": applied\n"));
  }

  private static ExecResult verify(Guest guest, String feature, Spec spec, ScriptHeader header) {
    if (SimState.feature(guest, feature).isEmpty()) {
      return ExecResult.failed(1, "phoenix " + feature + ": not applied\n");
    }
    String root = header.get("ROOT_CERT");
    if (feature.equals("nginx") && !root.isEmpty() && !guest.files().exists(root)) {
      // nginx.sh verifies its TLS against the internal root that trusted_ca installs.
      return ExecResult.failed(
          2,
          "phoenix nginx: no internal root at "
              + root
              + " to verify nginx with: apply trusted_ca first\n");
    }
    for (String unit : spec.units()) {
      if (!SimState.active(guest, unit)) {
        return ExecResult.failed(3, "phoenix " + feature + ": " + unit + " is not active\n");
      }
    }
    for (String port : spec.ports()) {
      String value = port.matches("\\d+") ? port : header.get(port);
      if (value.matches("\\d+") && !SimState.listening(guest, Integer.parseInt(value))) {
        return ExecResult.failed(
            7, "curl: (7) Failed to connect to 127.0.0.1 port " + value + "\n");
      }
    }
    return ExecResult.ok();
  }

  private Optional<ExecResult> stepCa(Guest guest, ScriptHeader header, String stage) {
    Optional<byte[]> jwk = guest.files().read(stage + "/provisioner.jwk");
    if (jwk.isEmpty()) {
      return Optional.of(
          ExecResult.failed(2, "phoenix step_ca: the provisioner key must be a public JWK\n"));
    }
    String json = new String(jwk.get(), StandardCharsets.UTF_8).trim();
    try {
      ca.authorizeProvisioner(header.get("PROVISIONER"), json);
    } catch (RuntimeException e) {
      return Optional.of(
          ExecResult.failed(1, "step: error adding provisioner: " + e.getMessage() + "\n"));
    }
    // The files step_ca.sh leaves, where its header's STEPPATH puts them (the keys stay with the
    // simulated CA: nothing secret is written into the simulated guest).
    String steppath = header.get("STEPPATH").isEmpty() ? "/etc/step-ca" : header.get("STEPPATH");
    guest.files().write(steppath + "/certs/root_ca.crt", SimState.utf8(ca.rootPem()));
    guest
        .files()
        .write(
            steppath + "/config/ca.json",
            SimState.utf8(
                "{\"address\":\":"
                    + header.get("CA_PORT")
                    + "\",\"authority\":{\"claims\":{\"maxTLSCertDuration\":\""
                    + header.get("MAX_LIFETIME")
                    + "\",\"defaultTLSCertDuration\":\""
                    + header.get("DEFAULT_LIFETIME")
                    + "\"},\"provisioners\":[{\"type\":\"JWK\",\"name\":\""
                    + header.get("PROVISIONER")
                    + "\",\"key\":"
                    + json
                    + "}]}}\n"));
    return Optional.empty();
  }

  private static Optional<ExecResult> trustedCa(Guest guest, ScriptHeader header, String stage) {
    Optional<byte[]> root = guest.files().read(stage + "/root_ca.crt");
    if (root.isEmpty()
        || !new String(root.get(), StandardCharsets.UTF_8).contains("BEGIN CERTIFICATE")) {
      return Optional.of(
          ExecResult.failed(2, "phoenix trusted_ca: the staged root is not a certificate\n"));
    }
    guest
        .files()
        .write("/usr/local/share/ca-certificates/" + header.get("CERT_NAME") + ".crt", root.get());
    String bundle = "/etc/ssl/certs/ca-certificates.crt";
    byte[] existing = guest.files().read(bundle).orElse(new byte[0]);
    if (!new String(existing, StandardCharsets.UTF_8)
        .contains(new String(root.get(), StandardCharsets.UTF_8))) {
      byte[] joined = new byte[existing.length + root.get().length];
      System.arraycopy(existing, 0, joined, 0, existing.length);
      System.arraycopy(root.get(), 0, joined, existing.length, root.get().length);
      guest.files().write(bundle, joined);
    }
    return Optional.empty();
  }

  private static Optional<ExecResult> nginx(Guest guest, ScriptHeader header, String stage) {
    String cert = header.get("CERT_PATH");
    String key = header.get("KEY_PATH");
    if (!guest.files().exists(cert) || !guest.files().exists(key)) {
      return Optional.of(
          ExecResult.failed(
              2,
              "phoenix nginx: no certificate at "
                  + cert
                  + " / key at "
                  + key
                  + ": the cert step runs first\n"));
    }
    if (!Pkix.sameKey(guest, cert, key)) {
      return Optional.of(
          ExecResult.failed(
              1,
              "nginx: [emerg] SSL_CTX_use_PrivateKey(\""
                  + key
                  + "\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)\n"));
    }
    guest
        .files()
        .read(stage + "/site.conf")
        .ifPresent(c -> guest.files().write("/etc/nginx/sites-available/phoenix.conf", c));
    return Optional.empty();
  }

  private static Optional<ExecResult> traefik(Guest guest, String stage) {
    guest
        .files()
        .read(stage + "/traefik.yml")
        .ifPresent(c -> guest.files().write("/etc/traefik/traefik.yml", c));
    guest
        .files()
        .read(stage + "/routes.yml")
        .ifPresent(c -> guest.files().write("/etc/traefik/dynamic/routes.yml", c));
    return Optional.empty();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
