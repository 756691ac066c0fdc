package io.phoenix.service.features;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.service.certs.CertHandler;
import io.phoenix.service.certs.CsrHandler;
import io.phoenix.service.health.HealthHandler;
import io.phoenix.service.portainer.PortainerTestAccess;
import io.phoenix.service.support.RecordingContext;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.service.support.SimulatedNode;
import io.phoenix.service.support.TestSigner;
import io.phoenix.simulator.effects.StackServices;
import io.phoenix.simulator.portainer.PortainerEmulator;
import io.phoenix.simulator.world.ExecRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Component test against the simulator: every feature of the seven seed guests (containers over SSH
 * + pct, VMs over the guest agent API), with the certificates their features serve with, applied
 * twice; the second run changes nothing.
 */
class SevenGuestsTest {

  @TempDir Path dir;

  private final SeedCommands seed = new SeedCommands();
  private SimulatedNode node;
  private FeatureHandler features;
  private CsrHandler csrs;
  private CertHandler certs;
  private HealthHandler health;
  private PortainerEmulator portainer;
  private StepHandler[] portainerSteps;
  private final List<String> published = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void start() throws Exception {
    node = new SimulatedNode(dir);
    features = new FeatureHandler(node.channels, SeedCommands.JSON, FeatureProperties.defaults());
    csrs = new CsrHandler(node.channels, SeedCommands.JSON);
    certs = new CertHandler(node.channels, SeedCommands.JSON);
    health = new HealthHandler(node.channels, SeedCommands.JSON);
    seed.inventory().guests().forEach(node::boot);
    portainer = PortainerEmulator.start("127.0.0.1", 0);
    portainer.onDeploy(StackServices.publishTo(node.world()));
    portainerSteps =
        PortainerTestAccess.handlers(
            portainer.certificateSha256(), dir.resolve("secrets"), SeedCommands.JSON);
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    portainer.close();
    node.close();
  }

  @Test
  void everyFeatureOfTheSevenGuestsAppliesAndASecondRunIsAllNoop() throws Exception {
    Map<String, Outcome> first = build();
    assertThat(first).isNotEmpty();
    assertThat(first.values()).doesNotContain(Outcome.NOOP);
    assertThat(first)
        .containsKeys(
            "103/feature/step_ca",
            "101/cert/nginx",
            "102/feature/traefik",
            "1002/feature/portainer_agent");

    Map<String, Outcome> second = build();
    assertThat(second.keySet()).isEqualTo(first.keySet());
    assertThat(second)
        .allSatisfy((step, outcome) -> assertThat(outcome).as(step).isEqualTo(Outcome.NOOP));
  }

  @Test
  void theCaBootstrapOutputsTheRootOfTheCaThatSignsAndTheKeysNeverLeaveTheirGuests()
      throws Exception {
    build();
    // step_ca handed the pki-agent's public key to the CA and output the CA's real root.
    assertThat(stepCaOutputs.get("rootFingerprint")).isEqualTo(node.ca.rootFingerprint());
    assertThat(stepCaOutputs.get("rootCertificate")).isEqualTo(normalise(node.ca.rootPem()));
    // Each TLS guest holds its key, and its certificate is for that key.
    for (int id : List.of(101, 102)) {
      CertificateSpec spec = seed.guest(id).certificates().get(0);
      String key =
          new String(
              node.world().readFile(id, spec.keyPath()).orElseThrow(), StandardCharsets.UTF_8);
      assertThat(key).contains("PRIVATE KEY");
      assertThat(node.world().readFile(id, spec.certPath())).isPresent();
    }
    // ... and no key appears in anything that left the agent: outcomes, progress, logs.
    assertThat(published).isNotEmpty().noneMatch(text -> text.contains("PRIVATE KEY"));
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("PRIVATE KEY"));
    // The containers were reached through pct exec, the VMs through the guest agent; both logged.
    assertThat(argvs(103)).anyMatch(a -> a.contains("features/step_ca/run.sh apply"));
    assertThat(argvs(1002)).anyMatch(a -> a.contains("features/portainer_agent/run.sh apply"));
    // The traefik routes were generated from the inventory's exposed services.
    String routes =
        new String(
            node.world().readFile(102, "/etc/traefik/dynamic/routes.yml").orElseThrow(),
            StandardCharsets.UTF_8);
    assertThat(routes)
        .contains("Host(`portainer.internal.thinkheads.ai`)")
        .contains("https://10.0.0.111:9443");
  }

  private final Map<String, String> stepCaOutputs = new HashMap<>();
  private final Map<String, String> chains = new HashMap<>();

  /** One build of the service steps of the seven guests; the outcome of each step. */
  private Map<String, Outcome> build() throws Exception {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Guest guest : seed.inventory().guests()) {
      for (String feature : guest.features()) {
        for (CertificateSpec spec : guest.certificates()) {
          if (feature.equals(spec.feature())) {
            StepSucceeded csr =
                ok(csrs, seed.csr(guest.id(), spec), outcomes, guest.id() + "/csr/" + spec.name());
            // The sign step is idempotent on the CSR: the same request gets the same chain.
            String request = csr.outputs().get("csr");
            String chain = chains.get(request);
            if (chain == null) {
              chain = TestSigner.sign(node.ca, spec, request);
              chains.put(request, chain);
            }
            ok(
                certs,
                seed.cert(guest.id(), spec, chain),
                outcomes,
                guest.id() + "/cert/" + spec.name());
          }
        }
        Map<String, String> inputs = new HashMap<>();
        if (feature.equals("step_ca")) {
          inputs.put("provisionerJwk", TestPems.JWK);
        }
        if (feature.equals("trusted_ca")) {
          inputs.put("rootCertificate", stepCaOutputs.get("rootCertificate"));
        }
        StepSucceeded done =
            ok(
                features,
                seed.feature(guest.id(), feature, inputs),
                outcomes,
                guest.id() + "/feature/" + feature);
        if (feature.equals("step_ca")) {
          stepCaOutputs.putAll(done.outputs());
        }
      }
      if (guest.portainer() == PortainerRole.SERVER) {
        ok(
            portainerSteps[0],
            seed.portainer(guest.id(), "admin", portainer.baseUri().toString()),
            outcomes,
            guest.id() + "/portainer/admin");
      }
      if (guest.portainer() == PortainerRole.AGENT) {
        ok(
            portainerSteps[0],
            seed.portainer(guest.id(), "endpoint", portainer.baseUri().toString()),
            outcomes,
            guest.id() + "/portainer/endpoint");
        for (String stack : guest.stacks()) {
          ok(
              portainerSteps[1],
              seed.stack(guest.id(), stack, portainer.baseUri().toString()),
              outcomes,
              guest.id() + "/stack/" + stack);
        }
      }
      // 1002 is healthy only once Portainer deployed its stacks (Qdrant answers on 6333).
      if (guest.healthCheck() != null && !guest.template()) {
        StepSucceeded healthy =
            ok(health, seed.health(guest.id()), new LinkedHashMap<>(), guest.id() + "/health");
        assertThat(healthy.outcome()).isEqualTo(Outcome.NOOP);
      }
    }
    return outcomes;
  }

  private StepSucceeded ok(
      StepHandler handler, StepCommand command, Map<String, Outcome> outcomes, String stepId)
      throws Exception {
    RecordingContext context = new RecordingContext(stepId);
    StepOutcome outcome = handler.handle(command, context);
    published.add(SeedCommands.JSON.writeValueAsString(outcome));
    published.addAll(context.progress);
    assertThat(outcome).as(stepId).isInstanceOf(StepSucceeded.class);
    StepSucceeded succeeded = (StepSucceeded) outcome;
    outcomes.put(stepId, succeeded.outcome());
    return succeeded;
  }

  private List<String> argvs(int vmid) {
    return node.world().guest(vmid).orElseThrow().execLog().stream()
        .map(ExecRecord::argv)
        .map(a -> String.join(" ", a))
        .toList();
  }

  private static String normalise(String pem) {
    return pem.replace("\r\n", "\n");
  }
}
