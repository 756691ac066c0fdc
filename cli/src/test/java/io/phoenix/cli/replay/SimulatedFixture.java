package io.phoenix.cli.replay;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.Simulated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The recorded seed build with one step's success marked simulated, for the views' tests. */
public final class SimulatedFixture {

  private SimulatedFixture() {}

  /** The events of {@code seed-build.jsonl} as JSON lines, {@code step}'s success simulated. */
  public static List<String> seedBuildWithSimulated(String step, String reason) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            RecordedBuilds.FIXTURES.resolve("seed-build.jsonl"), StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      ObjectNode tree = (ObjectNode) Envelopes.json().readTree(line);
      if (EventTypes.STEP_SUCCEEDED.equals(tree.path("type").asString())
          && step.equals(tree.path("stepid").asString())) {
        ((ObjectNode) tree.path("data").path("outputs")).put(Simulated.OUTPUT, reason);
      }
      lines.add(Envelopes.json().writeValueAsString(tree));
    }
    return lines;
  }
}
