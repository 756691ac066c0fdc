package io.phoenix.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Replay says {@code simulated} for a step whose success was simulated, in text and JSON. */
class SimulatedReplayTest {

  static final String REASON = "the lab cannot reach Traefik's release; traefik is faked";

  @TempDir Path dir;

  private String recordedWithSimulatedCa() throws Exception {
    return Files.write(
            dir.resolve("simulated.jsonl"),
            SimulatedFixture.seedBuildWithSimulated("103/feature/step_ca", REASON))
        .toString();
  }

  @Test
  void theTimelineMarksTheStepAndListsWhyItWasSimulated() throws Exception {
    ReplayCommandTest.Run run = ReplayCommandTest.replay("--file", recordedWithSimulatedCa());

    assertThat(run.exitCode()).isZero();
    assertThat(ReplayCommandTest.row(run.out(), "103/feature/step_ca"))
        .contains("created, simulated");
    assertThat(ReplayCommandTest.row(run.out(), "103/provisioner")).contains("created");
    assertThat(run.out())
        .contains("simulated (1): succeeded without running for real (their effects were faked):")
        .contains("  103/feature/step_ca: " + REASON);
  }

  @Test
  void theJsonReportCarriesTheReason() throws Exception {
    ReplayCommandTest.Run run =
        ReplayCommandTest.replay("--file", recordedWithSimulatedCa(), "--json");

    JsonNode steps = Envelopes.json().readTree(run.out()).path("steps");
    List<String> simulated = new ArrayList<>();
    steps.forEach(
        s -> {
          if (s.has("simulated")) {
            simulated.add(s.path("id").asString() + ": " + s.path("simulated").asString());
          }
        });
    assertThat(simulated).containsExactly("103/feature/step_ca: " + REASON);
  }

  @Test
  void aBuildThatRanForRealHasNoSimulatedLines() {
    ReplayCommandTest.Run run =
        ReplayCommandTest.replay("--file", ReplayCommandTest.fixture("seed-build"));

    assertThat(run.out()).doesNotContain("simulated");
  }
}
