package io.phoenix.service.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.service.support.RecordingContext;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.service.support.SimulatedNode;
import io.phoenix.simulator.effects.CommandFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a feature step fails: failing and hanging commands, a stopped container, a bad command. */
class FeatureFailureTest {

  @TempDir Path dir;

  private final SeedCommands seed = new SeedCommands();
  private SimulatedNode node;
  private FeatureHandler features;

  @BeforeEach
  void start() throws Exception {
    node = new SimulatedNode(dir);
    features =
        new FeatureHandler(
            node.channels,
            SeedCommands.JSON,
            new FeatureProperties(
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)));
    node.boot(seed.guest(101));
    node.boot(seed.guest(1001));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  @Test
  void aFailingCommandInAVmIsAStepFailedWithGuestFeatureExitCodeAndStderrTail() throws Exception {
    node.effects
        .faults()
        .add(
            CommandFault.fail(
                1001,
                "features/base_setup/run.sh apply",
                100,
                "Reading package lists...\nE: Unable to locate package tzdata\n"));

    StepOutcome outcome =
        features.handle(
            seed.feature(1001, "base_setup", Map.of()),
            new RecordingContext("1001/feature/base_setup"));

    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).isEqualTo("EXEC_FAILED");
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.message())
        .contains("VM 1001", "exit code 100", "Unable to locate package tzdata");
    assertThat(failed.details())
        .containsEntry("guest", "1001")
        .containsEntry("feature", "base_setup")
        .containsEntry("exitCode", "100")
        .containsEntry("mode", "apply");
    assertThat(failed.details().get("stderrTail")).endsWith("E: Unable to locate package tzdata");
  }

  @Test
  void aFailingCommandInAContainerIsReportedTheSameWay() throws Exception {
    node.effects
        .faults()
        .add(
            CommandFault.fail(
                101,
                "features/base_setup/run.sh apply",
                2,
                "phoenix base_setup: unknown time zone Mars/Olympus\n"));

    StepFailed failed =
        (StepFailed)
            features.handle(
                seed.feature(101, "base_setup", Map.of()),
                new RecordingContext("101/feature/base_setup"));

    assertThat(failed.details()).containsEntry("guest", "101").containsEntry("exitCode", "2");
    assertThat(failed.retryable()).as("exit 2 means bad settings: retrying cannot help").isFalse();
  }

  @Test
  void aHangingCommandIsCutOffByItsDeadline() throws Exception {
    node.effects
        .faults()
        .add(CommandFault.hang(101, "features/base_setup/run.sh apply", Duration.ofMinutes(5)));
    long started = System.nanoTime();

    StepOutcome outcome =
        features.handle(
            seed.feature(101, "base_setup", Map.of()),
            new RecordingContext("101/feature/base_setup"));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(outcome).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) outcome).reason()).isEqualTo("DEADLINE");
    assertThat(((StepFailed) outcome).details())
        .containsEntry("feature", "base_setup")
        .containsEntry("guest", "101");
    assertThat(took).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aHangingCommandInAVmIsCutOffByItsDeadlineToo() throws Exception {
    node.effects
        .faults()
        .add(CommandFault.hang(1001, "features/base_setup/run.sh apply", Duration.ofMinutes(5)));

    StepOutcome outcome =
        features.handle(
            seed.feature(1001, "base_setup", Map.of()),
            new RecordingContext("1001/feature/base_setup"));

    assertThat(outcome).isInstanceOf(StepFailed.class);
    assertThat(((StepFailed) outcome).reason()).isEqualTo("DEADLINE");
  }

  @Test
  void aStoppedContainerIsARetryableFailureWithPctsOwnMessage() throws Exception {
    node.world().requireGuest(101).markStopped();

    StepFailed failed =
        (StepFailed)
            features.handle(
                seed.feature(101, "base_setup", Map.of()),
                new RecordingContext("101/feature/base_setup"));

    assertThat(failed.retryable()).isTrue();
    assertThat(failed.message()).contains("container '101' not running!");
  }

  @Test
  void anUnknownFeatureOrAMissingInputIsRefusedWithWhatToDo() throws Exception {
    StepFailed unknown =
        (StepFailed)
            features.handle(
                seed.feature(101, "nvidia", Map.of()), new RecordingContext("101/feature/nvidia"));
    assertThat(unknown.reason()).isEqualTo("UNSUPPORTED");
    assertThat(unknown.message()).contains("nvidia", "base_setup");

    StepFailed noRoot =
        (StepFailed)
            features.handle(
                seed.feature(101, "trusted_ca", Map.of()),
                new RecordingContext("101/feature/trusted_ca"));
    assertThat(noRoot.reason()).isEqualTo("INVALID_COMMAND");
    assertThat(noRoot.message()).contains("inputs.rootCertificate");

    StepFailed privateJwk =
        (StepFailed)
            features.handle(
                seed.feature(
                    101, "step_ca", Map.of("provisionerJwk", "{\"kty\":\"EC\",\"d\":\"secret\"}")),
                new RecordingContext("101/feature/step_ca"));
    assertThat(privateJwk.message()).contains("public JWK");
  }

  @Test
  void aDryRunOnlyObserves() throws Exception {
    var command = seed.feature(101, "base_setup", Map.of());
    var dry =
        new io.phoenix.common.contract.StepCommand(
            command.guest(),
            command.action(),
            command.detail(),
            true,
            command.params(),
            command.inputs());

    StepSucceeded outcome =
        (StepSucceeded) features.handle(dry, new RecordingContext("101/feature/base_setup"));

    assertThat(outcome.outcome()).isEqualTo(StepSucceeded.Outcome.WOULD_CREATE);
    assertThat(node.world().requireGuest(101).execLog())
        .noneMatch(r -> String.join(" ", r.argv()).contains("run.sh apply"));
  }
}
