package io.phoenix.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DestroyPlannerTest {

  private final Planner planner = new Planner();

  @Test
  void dependentsAndClonesAreDestroyedFirst() {
    Plan plan = planner.destroy(PlannerTest.SEED, PlannerTest.REFERENCE, false);

    assertThat(plan.action()).isEqualTo("destroy");
    assertThat(plan.step("900/destroy").orElseThrow().dependsOn())
        .containsExactlyInAnyOrder("103/destroy", "101/destroy", "102/destroy");
    assertThat(plan.step("9000/destroy").orElseThrow().dependsOn())
        .containsExactlyInAnyOrder("1001/destroy", "1002/destroy");
    assertThat(plan.step("103/destroy").orElseThrow().dependsOn())
        .contains("101/destroy", "102/destroy", "1001/destroy", "1002/destroy");
    assertThat(plan.step("1002/destroy").orElseThrow().dependsOn()).isEmpty();
    assertThat(plan.step("101/destroy").orElseThrow().lock()).isEqualTo("guest:101");
    assertThat(plan.steps().get(0).id()).isEqualTo("1002/destroy");
    assertThat(plan.pulledIn()).isEmpty();
  }

  @Test
  void destroyingAGuestAloneLeavesItsDependenciesAlone() {
    Plan plan = planner.destroy(PlannerTest.SEED, List.of(102), false);

    assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("102/destroy");
  }

  @Test
  void aTemplateOtherGuestsStillCloneFromIsRefused() {
    assertThatThrownBy(() -> planner.destroy(PlannerTest.SEED, List.of(900, 103), false))
        .isInstanceOf(PlanningException.class)
        .hasMessageStartingWith("guest 900 is the template that [101, 102] clone from")
        .hasMessageContaining("force");
  }

  @Test
  void forcingDestroysTheTemplateAnyway() {
    Plan plan = planner.destroy(PlannerTest.SEED, List.of(900), true);

    assertThat(plan.steps()).extracting(PlannedStep::id).containsExactly("900/destroy");
  }

  @Test
  void templateWithAllItsClonesInTheRequestNeedsNoForce() {
    Plan plan = planner.destroy(PlannerTest.SEED, List.of(9000, 1001, 1002), false);

    assertThat(plan.steps()).extracting(PlannedStep::id).last().isEqualTo("9000/destroy");
  }

  @Test
  void unknownGuestIsRefused() {
    assertThatThrownBy(() -> planner.plan(PlannerTest.SEED, "destroy", List.of(77)))
        .isInstanceOf(PlanningException.class)
        .hasMessageStartingWith("guest 77 is not in the inventory");
    assertThatThrownBy(() -> planner.plan(PlannerTest.SEED, "rebuild", List.of(101)))
        .isInstanceOf(PlanningException.class)
        .hasMessageContaining("use create or destroy");
  }
}
