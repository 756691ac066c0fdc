package io.phoenix.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.common.contract.Agent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepGraphTest {

  private static PlannedStep step(String id, long estimate, String... deps) {
    return new PlannedStep(
        id, 1, "x", null, Agent.PROXMOX, List.of(deps), null, estimate, null, Map.of());
  }

  @Test
  void sortsDependenciesFirstAndKeepsCreationOrderOtherwise() {
    StepGraph graph = new StepGraph(4);
    graph.add(step("b", 1, "a"));
    graph.add(step("a", 1));
    graph.add(step("c", 1));

    assertThat(graph.sorted()).extracting(PlannedStep::id).containsExactly("a", "b", "c");
  }

  @Test
  void aStepCycleIsReportedWithItsPath() {
    StepGraph graph = new StepGraph(4);
    graph.add(step("start", 1));
    graph.add(step("a", 1, "start", "c"));
    graph.add(step("b", 1, "a"));
    graph.add(step("c", 1, "b"));

    assertThatThrownBy(graph::sorted)
        .isInstanceOf(PlanningException.class)
        .hasMessage("the steps form a cycle: a -> b -> c -> a");
  }

  @Test
  void danglingDependencyIsReported() {
    StepGraph graph = new StepGraph(1);
    graph.add(step("a", 1, "ghost"));

    assertThatThrownBy(graph::sorted).hasMessage("step a depends on ghost, which is not planned");
  }

  @Test
  void criticalPathFollowsTheLongestChain() {
    StepGraph graph = new StepGraph(4);
    graph.add(step("a", 5));
    graph.add(step("b", 1, "a"));
    graph.add(step("c", 10, "a"));
    graph.add(step("d", 1, "b", "c"));

    StepGraph.CriticalPath path = graph.criticalPath();

    assertThat(path.steps()).containsExactly("a", "c", "d");
    assertThat(path.lengthMs()).isEqualTo(16);
  }
}
