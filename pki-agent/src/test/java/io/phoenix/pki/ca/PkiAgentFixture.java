package io.phoenix.pki.ca;

import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.pki.provisioner.ProvisionerKeys;
import io.phoenix.pki.provisioner.ProvisionerStepHandler;
import io.phoenix.pki.renewal.RenewalSchedule;
import io.phoenix.pki.secrets.SecretStore;
import io.phoenix.pki.signing.CertificateSigner;
import io.phoenix.pki.signing.IssuedChains;
import io.phoenix.pki.signing.SignStepHandler;
import io.phoenix.pki.trust.PinRootStepHandler;
import io.phoenix.pki.trust.PinnedRoots;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** One pki-agent, wired as in the service but without Spring or Kafka, and what it answered. */
final class PkiAgentFixture {

  static final String PROVISIONER = "phoenix-pki-agent";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final SecretStore store;
  final ProvisionerKeys keys;
  final PinnedRoots roots;
  final ProvisionerStepHandler provisioner;
  final PinRootStepHandler pinRoot;
  final SignStepHandler sign;
  final List<StepOutcome> outcomes = new ArrayList<>();
  final List<RecordingContext> contexts = new ArrayList<>();

  PkiAgentFixture(Path secretDir, Clock clock) {
    this(secretDir, clock, SecretStore.open(secretDir, randomKey()));
  }

  /** An agent sharing {@code store} (its key and pin) with another, e.g. with another clock. */
  PkiAgentFixture(Path secretDir, Clock clock, SecretStore store) {
    this(secretDir, clock, store, clock);
  }

  /**
   * An agent sharing {@code store} whose sign step judges the age of the certificates it issued by
   * {@code renewalClock}, while its tokens keep {@code clock} (which the CA checks).
   */
  PkiAgentFixture(Path secretDir, Clock clock, SecretStore store, Clock renewalClock) {
    this.store = store;
    keys = new ProvisionerKeys(store);
    roots = new PinnedRoots(store);
    CaConnector connector = new CaConnector(null, Duration.ofSeconds(15));
    provisioner = new ProvisionerStepHandler(keys);
    pinRoot = new PinRootStepHandler(roots, connector);
    sign =
        new SignStepHandler(
            new CertificateSigner(keys, roots, connector, Duration.ofMinutes(5), clock),
            connector,
            new IssuedChains(store),
            RenewalSchedule.defaults(),
            renewalClock);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  StepOutcome provision() {
    // The planner's shape: {"provisioner": {"name": ...}, "caUrl": ...}.
    ObjectNode params = JSON.createObjectNode();
    params.putObject("provisioner").put("name", PROVISIONER);
    return run(
        provisioner,
        new StepCommand(103, "provisioner", null, false, params, Map.of()),
        "103/provisioner");
  }

  String publicJwk() {
    return ((StepSucceeded) provision()).outputs().get("provisionerJwk");
  }

  StepOutcome pinRoot(String caUrl, String rootPem, String fingerprint) {
    ObjectNode params = JSON.createObjectNode().put("caUrl", caUrl);
    return run(
        pinRoot,
        new StepCommand(
            103,
            "pin-root",
            null,
            false,
            params,
            Map.of("rootCertificate", rootPem, "rootFingerprint", fingerprint)),
        "103/pin-root");
  }

  StepOutcome sign(
      String caUrl, String commonName, List<String> sans, String lifetime, String csr) {
    return sign(caUrl, commonName, sans, lifetime, csr, false);
  }

  StepOutcome sign(
      String caUrl,
      String commonName,
      List<String> sans,
      String lifetime,
      String csr,
      boolean dryRun) {
    ObjectNode params = JSON.createObjectNode().put("caUrl", caUrl);
    ObjectNode certificate =
        params.putObject("certificate").put("name", "nginx").put("commonName", commonName);
    sans.forEach(certificate.putArray("sans")::add);
    certificate.put("lifetime", lifetime);
    return run(
        sign,
        new StepCommand(101, "sign", "nginx", dryRun, params, Map.of("csr", csr)),
        "101/sign/nginx");
  }

  private StepOutcome run(
      io.phoenix.common.agent.StepHandler handler, StepCommand command, String stepId) {
    RecordingContext context = new RecordingContext(stepId);
    try {
      StepOutcome outcome = handler.handle(command, context);
      outcomes.add(outcome);
      contexts.add(context);
      return outcome;
    } catch (Exception e) {
      throw new AssertionError("handler threw instead of returning a typed outcome", e);
    }
  }
}
