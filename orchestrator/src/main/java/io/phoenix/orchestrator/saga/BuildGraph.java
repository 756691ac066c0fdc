package io.phoenix.orchestrator.saga;

import io.phoenix.orchestrator.planning.PlannedStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Questions about a build's DAG as it stands: readiness, locks, dependents, the critical path. */
final class BuildGraph {

  private BuildGraph() {}

  static boolean dependenciesDone(BuildState s, StepState step) {
    for (String dep : step.planned.dependsOn()) {
      StepState d = s.steps.get(dep);
      if (d != null && d.status != StepStatus.SUCCEEDED) {
        return false;
      }
    }
    return true;
  }

  static Set<String> heldLocks(BuildState s) {
    Set<String> locks = new HashSet<>();
    for (StepState step : s.steps.values()) {
      if (step.status.inFlight() && step.planned.lock() != null) {
        locks.add(step.planned.lock());
      }
    }
    return locks;
  }

  /** Steps that depend, directly or not, on {@code failed} and have not succeeded. */
  static List<String> blockedBy(BuildState s, String failed) {
    Map<String, List<String>> dependents = dependents(s);
    Set<String> seen = new HashSet<>();
    List<String> queue = new ArrayList<>(dependents.getOrDefault(failed, List.of()));
    while (!queue.isEmpty()) {
      String id = queue.remove(0);
      if (seen.add(id)) {
        queue.addAll(dependents.getOrDefault(id, List.of()));
      }
    }
    return s.steps.values().stream()
        .map(StepState::id)
        .filter(seen::contains)
        .filter(id -> s.steps.get(id).status != StepStatus.SUCCEEDED)
        .toList();
  }

  static Map<String, List<String>> dependents(BuildState s) {
    Map<String, List<String>> dependents = new HashMap<>();
    for (StepState step : s.steps.values()) {
      for (String dep : step.planned.dependsOn()) {
        dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(step.id());
      }
    }
    return dependents;
  }

  /**
   * The estimated time from each step's start to the end of the longest chain through it: the steps
   * on the critical path go first, which keeps the build close to its fastest possible time.
   */
  static Map<String, Long> remainingPath(BuildState s) {
    Map<String, List<String>> dependents = dependents(s);
    Map<String, Long> longest = new HashMap<>();
    List<StepState> reversed = new ArrayList<>(s.steps.values());
    Collections.reverse(reversed);
    for (StepState step : reversed) {
      long tail = 0;
      for (String next : dependents.getOrDefault(step.id(), List.of())) {
        tail = Math.max(tail, longest.getOrDefault(next, 0L));
      }
      longest.put(step.id(), Math.max(1, step.planned.estimateMs()) + tail);
    }
    return longest;
  }

  /** The Proxmox node a step runs on ({@code params.node}, a name or a node entry). */
  static String node(PlannedStep step) {
    JsonNode params = step.params();
    JsonNode node = params == null ? null : params.get("node");
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isObject()) {
      JsonNode name = node.get("name");
      return name == null ? node.toString() : name.asString();
    }
    return node.asString();
  }
}
