package io.phoenix.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.common.contract.BuildRequest;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryPlannerTest {

  @Test
  void plansAgainstTheBundledInventoryWhenTheFileIsMissing(@TempDir Path dir) {
    InventoryPlanner planner = new InventoryPlanner(dir.resolve("absent.yaml"));

    Plan plan = planner.plan(new BuildRequest("r", "create", List.of(103), false));

    assertThat(plan.steps())
        .extracting(PlannedStep::id)
        .contains("103/provisioner", "103/pin-root");
  }

  @Test
  void anUnknownGuestFailsWithAMessageNamingIt(@TempDir Path dir) {
    InventoryPlanner planner = new InventoryPlanner(dir.resolve("absent.yaml"));

    assertThatThrownBy(() -> planner.plan(new BuildRequest("r", "create", List.of(4242), false)))
        .hasMessageContaining("4242");
  }

  @Test
  void aBrokenInventoryFileFailsWithItsProblems(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("phoenix.yaml"), "guests: [[[");
    InventoryPlanner planner = new InventoryPlanner(file);

    assertThatThrownBy(() -> planner.plan(new BuildRequest("r", "create", List.of(101), false)))
        .hasMessageContaining("phoenix.yaml");
  }
}
