package io.phoenix.cli.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.cli.replay.SimulatedFixture;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step whose effects were faked ({@code outputs.simulated}) is never a silent success: the plain
 * follow lines, the summary and the per-build status say {@code simulated} and why.
 */
class SimulatedStepsTest {

  static final String REASON = "the simulator faked feature step_ca (its script body did not run)";

  static List<CloudEvent> seedBuildWithSimulatedCa() throws IOException {
    List<CloudEvent> events = new ArrayList<>();
    for (String line : SimulatedFixture.seedBuildWithSimulated("103/feature/step_ca", REASON)) {
      events.add(Envelopes.read(line.getBytes(StandardCharsets.UTF_8)));
    }
    return events;
  }

  @Test
  void theFollowLineTheSummaryAndTheStepSaySimulated() throws Exception {
    StringWriter text = new StringWriter();
    ConsoleRenderer renderer =
        new ConsoleRenderer(
            new PrintWriter(text),
            false,
            Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

    for (CloudEvent event : seedBuildWithSimulatedCa()) {
      renderer.onEvent(event);
    }
    renderer.finish();

    String out = text.toString();
    assertThat(
            out.lines().filter(l -> l.contains("103/feature/step_ca") && l.contains("succeeded")))
        .singleElement()
        .asString()
        .contains("SIMULATED: " + REASON);
    assertThat(out)
        .contains("SIMULATED")
        .contains(
            "simulated: 1 step succeeded without running for real (their effects were faked):")
        .contains("  103/feature/step_ca: " + REASON);
    assertThat(out.lines().filter(l -> l.startsWith("103 ")))
        .singleElement()
        .asString()
        .matches("103\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+1\\s+ok");
    assertThat(out.strip()).contains("BUILD SUCCEEDED b-20261126-0001 in ");

    BuildView.StepView ca =
        renderer.view().steps().stream()
            .filter(s -> s.id().equals("103/feature/step_ca"))
            .findFirst()
            .orElseThrow();
    assertThat(ca.simulated()).isEqualTo(REASON);
    assertThat(ca.outcomeLabel()).isEqualTo("created (simulated)");
  }

  @Test
  void aBuildWithoutSimulatedStepsPrintsNoSimulatedBlock() throws Exception {
    StringWriter text = new StringWriter();
    ConsoleRenderer renderer = new ConsoleRenderer(new PrintWriter(text), false, Clock.systemUTC());
    for (String line : Files.readAllLines(Path.of("src/test/resources/replay/seed-build.jsonl"))) {
      if (!line.isBlank()) {
        renderer.onEvent(Envelopes.read(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    renderer.finish();

    assertThat(text.toString()).doesNotContain("simulated:").doesNotContain("(simulated)");
    assertThat(renderer.view().simulatedLines()).isEmpty();
  }
}
