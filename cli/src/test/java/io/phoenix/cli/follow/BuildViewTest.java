package io.phoenix.cli.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code phoenix status} shows of a step's outcome. */
class BuildViewTest {

  @Test
  void aChangeWaitingForARestartIsShownAsPendingRestart() {
    BuildView build = new BuildView();
    build.apply(succeeded("1001/configure", Map.of("pendingRestart", "cores,memory")));
    build.apply(succeeded("1001/resize", Map.of()));

    assertThat(build.steps())
        .extracting(BuildView.StepView::outcome)
        .containsExactly("updated (pending restart)", "updated");
    // Both still count as updated in the per-guest summary.
    assertThat(Summaries.guestRow("1001", build.steps()))
        .isEqualTo(String.format("%-8s %-6d %-8d %-8d %-6d %-10d %s", "1001", 2, 0, 2, 0, 0, "ok"));
  }

  private static io.phoenix.common.contract.CloudEvent succeeded(
      String stepId, Map<String, String> outputs) {
    return Envelopes.event(
        "/phoenix/proxmox-agent/test",
        new StepSucceeded(Outcome.UPDATED, List.of("cores: 2 -> 4"), outputs, 5),
        "b1",
        stepId,
        1,
        Instant.parse("2026-12-01T10:00:00Z"));
  }
}
