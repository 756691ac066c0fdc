package io.phoenix.service.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Simulated;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.service.exec.ExecProgress;
import io.phoenix.service.exec.ExecRequest;
import io.phoenix.service.exec.ExecResult;
import io.phoenix.service.exec.GuestExec;
import io.phoenix.service.exec.GuestRef;
import io.phoenix.service.support.RecordingContext;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.service.support.SimulatedNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code simulated} protocol: a feature run that printed {@code phoenix-simulated: <reason>}
 * succeeds with the output {@code simulated}; one that ran for real carries none.
 */
class SimulatedFeatureRunsTest {

  @TempDir Path dir;

  private final SeedCommands seed = new SeedCommands();

  @Test
  void aFeatureTheSimulatorFakedSaysSoOnItsFirstAndItsNoopRun() throws Exception {
    try (SimulatedNode node = new SimulatedNode(dir)) {
      node.boot(seed.guest(101));
      FeatureHandler features =
          new FeatureHandler(node.channels, SeedCommands.JSON, FeatureProperties.defaults());

      StepSucceeded first = succeeded(features.handle(baseSetup(), context()));
      StepSucceeded again = succeeded(features.handle(baseSetup(), context()));

      assertThat(first.outcome()).isEqualTo(StepSucceeded.Outcome.CREATED);
      assertThat(first.outputs().get(Simulated.OUTPUT))
          .isEqualTo("the simulator faked feature base_setup (its script body did not run)");
      assertThat(again.outcome()).isEqualTo(StepSucceeded.Outcome.NOOP);
      assertThat(Simulated.reasonOf(again)).isEqualTo(Simulated.reasonOf(first));
    }
  }

  @Test
  void aFeatureThatRanForRealHasNoSimulatedOutput() throws Exception {
    FeatureHandler features =
        new FeatureHandler(
            new ScriptedGuest("Setting up curl ...\n"),
            SeedCommands.JSON,
            FeatureProperties.defaults());

    StepSucceeded succeeded = succeeded(features.handle(baseSetup(), context()));

    assertThat(succeeded.outcome()).isEqualTo(StepSucceeded.Outcome.CREATED);
    assertThat(succeeded.outputs()).doesNotContainKey(Simulated.OUTPUT);
  }

  @Test
  void aLabThatCannotRunAFeatureNamesWhyInTheOutputs() throws Exception {
    FeatureHandler features =
        new FeatureHandler(
            new ScriptedGuest(
                "downloading ...\n"
                    + Simulated.line("the lab cannot reach Traefik's release; traefik is faked")),
            SeedCommands.JSON,
            FeatureProperties.defaults());

    StepSucceeded succeeded = succeeded(features.handle(baseSetup(), context()));

    assertThat(succeeded.outputs())
        .containsEntry(
            Simulated.OUTPUT, "the lab cannot reach Traefik's release; traefik is faked");
  }

  private io.phoenix.common.contract.StepCommand baseSetup() {
    return seed.feature(101, "base_setup", Map.of());
  }

  private static RecordingContext context() {
    return new RecordingContext("101/feature/base_setup");
  }

  private static StepSucceeded succeeded(StepOutcome outcome) {
    assertThat(outcome).isInstanceOf(StepSucceeded.class);
    return (StepSucceeded) outcome;
  }

  /** A guest whose every command exits 0 printing {@code stdout}; files are kept in memory. */
  private static final class ScriptedGuest implements GuestExec {
    private final String stdout;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    ScriptedGuest(String stdout) {
      this.stdout = stdout;
    }

    @Override
    public ExecResult run(GuestRef guest, ExecRequest request, ExecProgress progress) {
      return new ExecResult(0, stdout.getBytes(StandardCharsets.UTF_8), new byte[0], false);
    }

    @Override
    public void writeFile(GuestRef guest, String path, byte[] content) {
      files.put(path, content);
    }

    @Override
    public Optional<byte[]> readFile(GuestRef guest, String path) {
      return Optional.ofNullable(files.get(path));
    }
  }
}
