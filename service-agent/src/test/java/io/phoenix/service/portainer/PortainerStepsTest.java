package io.phoenix.service.portainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.service.support.RecordingContext;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.simulator.portainer.PortainerEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The Portainer steps against the emulator: admin, 1002's environment, both seed stacks. */
class PortainerStepsTest {

  @TempDir Path dir;

  private final SeedCommands seed = new SeedCommands();
  private PortainerEmulator portainer;
  private PortainerHandler handler;
  private StackHandler stacks;
  private String url;

  @BeforeEach
  void start() {
    portainer = PortainerEmulator.start("127.0.0.1", 0);
    url = portainer.baseUri().toString();
    PortainerAccess access =
        new PortainerAccess(
            new PortainerProperties(
                null, portainer.certificateSha256(), null, false, dir.resolve("secrets"), null),
            SeedCommands.JSON);
    handler = new PortainerHandler(access, SeedCommands.JSON);
    stacks = new StackHandler(access, SeedCommands.JSON);
  }

  @AfterEach
  void stop() {
    portainer.close();
  }

  private StepOutcome run(StepCommand command) throws Exception {
    return (command.action().equals("stack") ? stacks : handler)
        .handle(command, new RecordingContext(command.guest() + "/" + command.action()));
  }

  private Outcome outcome(StepCommand command) throws Exception {
    StepOutcome outcome = run(command);
    assertThat(outcome)
        .as(command.guest() + "/" + command.action() + "/" + command.detail())
        .isInstanceOf(StepSucceeded.class);
    return ((StepSucceeded) outcome).outcome();
  }

  private List<StepCommand> steps() {
    return List.of(
        seed.portainer(1001, "admin", url),
        seed.portainer(1002, "endpoint", url),
        seed.stack(1002, "qdrant", url),
        seed.stack(1002, "thinkheads_ai_app", url));
  }

  @Test
  void drphoenixIsRegisteredWithBothStacksAndASecondRunIsAllNoop() throws Exception {
    for (StepCommand step : steps()) {
      assertThat(outcome(step)).isEqualTo(Outcome.CREATED);
    }
    for (StepCommand step : steps()) {
      assertThat(outcome(step)).isEqualTo(Outcome.NOOP);
    }

    assertThat(portainer.adminInitialised()).isTrue();
    assertThat(portainer.environments())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("drphoenix");
              assertThat(e.url()).isEqualTo("tcp://10.0.0.102:9001");
              assertThat(e.type()).isEqualTo(2);
            });
    int environment = portainer.environments().get(0).id();
    assertThat(portainer.stacks())
        .extracting(PortainerEmulator.Stack::name)
        .containsExactly("qdrant", "thinkheads_ai_app");
    assertThat(portainer.stacks())
        .allSatisfy(s -> assertThat(s.endpointId()).isEqualTo(environment));
    assertThat(portainer.stacks().get(1).env())
        .containsEntry("DATABASE_USER", "prod_user")
        .containsEntry("API_PORT", "8000");
    assertThat(portainer.stacks().get(0).compose()).contains("qdrant/qdrant");
  }

  @Test
  void theAdminPasswordIsGeneratedIntoTheSecretStoreOnlyAndNeverInAnOutcome() throws Exception {
    StepOutcome outcome = run(seed.portainer(1001, "admin", url));

    Path secret = dir.resolve("secrets").resolve("portainer-admin-1001");
    String password = Files.readString(secret).trim();
    assertThat(password).hasSizeGreaterThanOrEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.getParent())))
        .isEqualTo("rwx------");
    assertThat(SeedCommands.JSON.writeValueAsString(outcome)).doesNotContain(password);
  }

  @Test
  void aChangedStackIsUpdatedInPlace() throws Exception {
    for (StepCommand step : steps()) {
      outcome(step);
    }
    StepCommand qdrant = seed.stack(1002, "qdrant", url);
    ObjectNode params = (ObjectNode) qdrant.params().deepCopy();
    ((ObjectNode) params.get("stack"))
        .put("compose", "services:\n  qdrant:\n    image: qdrant/qdrant:v1.13.0\n");
    StepCommand changed = new StepCommand(1002, "stack", "qdrant", false, params, qdrant.inputs());

    assertThat(outcome(changed)).isEqualTo(Outcome.UPDATED);
    assertThat(portainer.stacks().get(0).compose()).contains("v1.13.0");
    assertThat(portainer.stacks().get(0).version()).isEqualTo(2);
    assertThat(portainer.stacks()).hasSize(2);
  }

  @Test
  void anAdminWhosePasswordTheAgentDoesNotHoldIsAPermanentFailureThatSaysWhatToDo()
      throws Exception {
    outcome(seed.portainer(1001, "admin", url));
    Files.delete(dir.resolve("secrets").resolve("portainer-admin-1001"));

    StepFailed failed = (StepFailed) run(seed.portainer(1001, "admin", url));

    assertThat(failed.reason()).isEqualTo("ADMIN_PASSWORD_UNKNOWN");
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("secret store");
  }

  @Test
  void aStackBeforeItsEnvironmentIsARetryableFailure() throws Exception {
    outcome(seed.portainer(1001, "admin", url));

    StepFailed failed = (StepFailed) run(seed.stack(1002, "qdrant", url));

    assertThat(failed.reason()).isEqualTo("ENVIRONMENT_MISSING");
    assertThat(failed.retryable()).isTrue();
  }

  @Test
  void aPortainerWhoseCertificateIsNotThePinnedOneIsRefused() throws Exception {
    PortainerAccess wrongPin =
        new PortainerAccess(
            new PortainerProperties(
                null, "00".repeat(32), null, false, dir.resolve("secrets"), null),
            SeedCommands.JSON);

    StepFailed failed =
        (StepFailed)
            new PortainerHandler(wrongPin, SeedCommands.JSON)
                .handle(
                    seed.portainer(1001, "admin", url),
                    new RecordingContext("1001/portainer/admin"));

    assertThat(failed.reason()).isEqualTo("PORTAINER_UNREACHABLE");
    assertThat(portainer.adminInitialised()).isFalse();
  }
}
