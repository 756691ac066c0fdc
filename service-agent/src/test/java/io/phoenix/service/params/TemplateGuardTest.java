package io.phoenix.service.params;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.certs.CertHandler;
import io.phoenix.service.certs.CsrHandler;
import io.phoenix.service.features.FeatureHandler;
import io.phoenix.service.features.FeatureProperties;
import io.phoenix.service.health.HealthHandler;
import io.phoenix.service.support.RecordingContext;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.service.support.SimulatedNode;
import io.phoenix.simulator.world.Guest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template is the end state of its guest: the service steps of a guest Proxmox already holds as a
 * template answer noop without running anything in it, and a template the inventory does not
 * declare fails for good.
 */
class TemplateGuardTest {

  @TempDir Path dir;

  private final SeedCommands seed = new SeedCommands();
  private SimulatedNode node;
  private FeatureHandler features;
  private CsrHandler csrs;
  private CertHandler certs;
  private HealthHandler health;

  @BeforeEach
  void start() throws Exception {
    node = new SimulatedNode(dir);
    features = new FeatureHandler(node.channels, SeedCommands.JSON, FeatureProperties.defaults());
    csrs = new CsrHandler(node.channels, SeedCommands.JSON);
    certs = new CertHandler(node.channels, SeedCommands.JSON);
    health = new HealthHandler(node.channels, SeedCommands.JSON);
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  @Test
  void everyServiceStepOfATemplateTheInventoryDeclaresIsANoopThatRunsNothingInIt()
      throws Exception {
    for (int id : List.of(900, 9000)) {
      makeTemplate(id);
      Map<String, StepOutcome> outcomes = allSteps(id);

      outcomes.forEach(
          (step, outcome) ->
              assertThat(outcome)
                  .as(step)
                  .isInstanceOfSatisfying(
                      StepSucceeded.class,
                      s -> {
                        assertThat(s.outcome()).isEqualTo(Outcome.NOOP);
                        assertThat(s.changes())
                            .singleElement()
                            .asString()
                            .contains(id + " is already a template");
                      }));
      assertThat(node.world().requireGuest(id).execLog()).as("commands run in " + id).isEmpty();
    }
  }

  @Test
  void aTemplateTheInventoryDoesNotDeclareFailsEveryServiceStepWithoutRetry() throws Exception {
    makeTemplate(103);

    allSteps(103)
        .forEach(
            (step, outcome) ->
                assertThat(outcome)
                    .as(step)
                    .isInstanceOfSatisfying(
                        StepFailed.class,
                        f -> {
                          assertThat(f.reason()).isEqualTo("PVE_CONFLICT");
                          assertThat(f.retryable()).isFalse();
                          assertThat(f.message())
                              .contains("CT 103", "is a template", "destroy", "template: true");
                        }));
    assertThat(node.world().requireGuest(103).execLog()).isEmpty();
  }

  @Test
  void aGuestThatIsNotATemplateYetStillGetsItsFeatureApplied() throws Exception {
    // 900 is declared a template but is not one yet: the first build is on its way there.
    node.boot(seed.guest(900));

    StepOutcome outcome =
        features.handle(
            seed.feature(900, "base_setup", Map.of()),
            new RecordingContext("900/feature/base_setup"));

    assertThat(outcome).isInstanceOf(StepSucceeded.class);
    assertThat(((StepSucceeded) outcome).outcome()).isEqualTo(Outcome.CREATED);
  }

  /** What the first build left: the guest exists, stopped, as a template. */
  private void makeTemplate(int id) {
    node.boot(seed.guest(id));
    Guest guest = node.world().requireGuest(id);
    guest.markStopped();
    guest.setConfig("template", "1");
  }

  private Map<String, StepOutcome> allSteps(int id) throws Exception {
    CertificateSpec spec = seed.guest(101).certificates().get(0);
    Map<String, StepCommand> commands = new LinkedHashMap<>();
    commands.put(id + "/feature/base_setup", seed.feature(id, "base_setup", Map.of()));
    commands.put(id + "/csr/" + spec.name(), seed.csr(id, spec));
    // No chain is read: a template answers before its inputs matter.
    commands.put(id + "/cert/" + spec.name(), seed.cert(id, spec, "not read"));
    commands.put(id + "/health", seed.health(id));
    Map<String, StepOutcome> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, StepCommand> step : commands.entrySet()) {
      StepHandler handler =
          switch (step.getValue().action()) {
            case "feature" -> features;
            case "csr" -> csrs;
            case "cert" -> certs;
            default -> health;
          };
      outcomes.put(
          step.getKey(), handler.handle(step.getValue(), new RecordingContext(step.getKey())));
    }
    return outcomes;
  }
}
