package io.phoenix.orchestrator.planning;

import io.phoenix.common.inventory.GuestGraph;
import io.phoenix.common.inventory.Inventory;
import java.util.List;

/**
 * Turns a request for guests into a {@link Plan}: the step DAG of docs/steps.md with locks,
 * estimates and the critical path. Pure: no Kafka, no Spring, no clock; the same inventory and
 * request always give the same plan.
 */
public final class Planner {

  private final LatencyProfile profile;

  public Planner() {
    this(LatencyProfile.defaults());
  }

  public Planner(LatencyProfile profile) {
    this.profile = profile;
  }

  /**
   * The plan for {@code action} ({@code create} or {@code destroy}) of {@code guests}.
   *
   * @throws PlanningException naming what is wrong (unknown guest, cycle, template in use)
   */
  public Plan plan(Inventory inventory, String action, List<Integer> guests) {
    return switch (action == null ? "" : action) {
      case "create" -> create(inventory, guests);
      case "destroy" -> destroy(inventory, guests, false);
      default ->
          throw new PlanningException("unknown action '" + action + "'; use create or destroy");
    };
  }

  /** Builds {@code guests} and everything they need (reported as pulled in). */
  public Plan create(Inventory inventory, List<Integer> guests) {
    requireGuests(guests);
    PlanContext context = new PlanContext(inventory);
    return new CreatePlanner(context, profile).plan(List.copyOf(guests), GuestGraph.of(inventory));
  }

  /**
   * Destroys {@code guests}, dependents first. A template that guests outside the request still
   * clone from is refused unless {@code force}.
   */
  public Plan destroy(Inventory inventory, List<Integer> guests, boolean force) {
    requireGuests(guests);
    PlanContext context = new PlanContext(inventory);
    return new DestroyPlanner(context, profile)
        .plan(List.copyOf(guests), GuestGraph.of(inventory), force);
  }

  private static void requireGuests(List<Integer> guests) {
    if (guests == null || guests.isEmpty()) {
      throw new PlanningException("no guests requested; name at least one guest id");
    }
  }
}
