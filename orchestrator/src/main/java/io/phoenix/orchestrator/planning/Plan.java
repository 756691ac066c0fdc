package io.phoenix.orchestrator.planning;

import java.util.List;
import java.util.Optional;

/**
 * The DAG of steps for one build request.
 *
 * @param action {@code create} or {@code destroy}
 * @param requested the guests as requested
 * @param pulledIn guests the planner added (dependencies and clone sources), in plan order
 * @param steps every step, in a topological order
 * @param criticalPath the longest chain of steps by estimate, first to last
 * @param estimateMs the critical path's estimated length: the fastest the build can be
 */
public record Plan(
    String action,
    List<Integer> requested,
    List<Integer> pulledIn,
    List<PlannedStep> steps,
    List<String> criticalPath,
    long estimateMs) {

  public Plan {
    requested = List.copyOf(requested);
    pulledIn = List.copyOf(pulledIn);
    steps = List.copyOf(steps);
    criticalPath = List.copyOf(criticalPath);
  }

  /**
   * Every step by id, in plan order: build it once where steps are looked up often ({@link
   * #step(String)} scans the list).
   */
  public java.util.Map<String, PlannedStep> stepsById() {
    java.util.Map<String, PlannedStep> byId = new java.util.LinkedHashMap<>(steps.size() * 2);
    steps.forEach(s -> byId.put(s.id(), s));
    return byId;
  }

  /** The step with {@code id}, if the plan has it. */
  public Optional<PlannedStep> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
