package io.phoenix.orchestrator.planning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Collects planned steps in creation order, sorts them topologically and finds the critical path.
 *
 * <p>Dependencies are resolved to positions once, when a step is added. The planner creates every
 * step after the steps it waits for, so creation order is usually already topological and sorting
 * is free; a forward reference switches to Kahn's algorithm (ties broken by creation order, so
 * plans stay deterministic). Everything is linear in steps and edges apart from that heap.
 */
final class StepGraph {

  private static final int UNRESOLVED = -1;

  private final List<PlannedStep> steps;
  private final List<int[]> dependencies;
  private final Map<String, Integer> index;
  private boolean forwardReferences;
  private int[] order;

  StepGraph(int expectedSteps) {
    steps = new ArrayList<>(expectedSteps);
    dependencies = new ArrayList<>(expectedSteps);
    index = new HashMap<>(expectedSteps * 2);
  }

  void add(PlannedStep step) {
    if (index.putIfAbsent(step.id(), steps.size()) != null) {
      throw new PlanningException("step " + step.id() + " would be planned twice");
    }
    int[] resolved = new int[step.dependsOn().size()];
    for (int d = 0; d < resolved.length; d++) {
      Integer position = index.get(step.dependsOn().get(d));
      resolved[d] = position == null ? UNRESOLVED : position;
      forwardReferences |= position == null;
    }
    steps.add(step);
    dependencies.add(resolved);
    order = null;
  }

  boolean has(String id) {
    return index.containsKey(id);
  }

  /** The steps in a topological order; a cycle or a dangling dependency is a PlanningException. */
  List<PlannedStep> sorted() {
    int[] positions = order();
    List<PlannedStep> sorted = new ArrayList<>(positions.length);
    for (int position : positions) {
      sorted.add(steps.get(position));
    }
    return sorted;
  }

  /** The longest chain by estimate and its length. */
  record CriticalPath(List<String> steps, long lengthMs) {}

  /** The chain with the largest summed estimate, first to last. */
  CriticalPath criticalPath() {
    int[] positions = order();
    long[] finish = new long[steps.size()];
    int[] previous = new int[steps.size()];
    int last = -1;
    for (int position : positions) {
      long start = 0;
      previous[position] = -1;
      for (int before : dependencies.get(position)) {
        if (previous[position] < 0 || finish[before] > start) {
          start = finish[before];
          previous[position] = before;
        }
      }
      finish[position] = start + steps.get(position).estimateMs();
      if (last < 0 || finish[position] > finish[last]) {
        last = position;
      }
    }
    List<String> path = new ArrayList<>();
    for (int i = last; i >= 0; i = previous[i]) {
      path.add(steps.get(i).id());
    }
    Collections.reverse(path);
    return new CriticalPath(path, last < 0 ? 0 : finish[last]);
  }

  private int[] order() {
    if (order == null) {
      order = forwardReferences ? kahn() : identity();
    }
    return order;
  }

  private int[] identity() {
    int[] identity = new int[steps.size()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i;
    }
    return identity;
  }

  private int[] kahn() {
    int n = steps.size();
    int[] missing = new int[n];
    int[] first = new int[n + 1];
    for (int i = 0; i < n; i++) {
      int[] resolved = dependencies.get(i);
      for (int d = 0; d < resolved.length; d++) {
        if (resolved[d] == UNRESOLVED) {
          String dependency = steps.get(i).dependsOn().get(d);
          Integer position = index.get(dependency);
          if (position == null) {
            throw new PlanningException(
                "step "
                    + steps.get(i).id()
                    + " depends on "
                    + dependency
                    + ", which is not planned");
          }
          resolved[d] = position;
        }
        first[resolved[d] + 1]++;
        missing[i]++;
      }
    }
    forwardReferences = false;
    // Dependents in compressed rows: edges[first[i] .. first[i + 1]) are the steps waiting for i.
    for (int i = 0; i < n; i++) {
      first[i + 1] += first[i];
    }
    int[] edges = new int[first[n]];
    int[] fill = java.util.Arrays.copyOf(first, n);
    for (int i = 0; i < n; i++) {
      for (int position : dependencies.get(i)) {
        edges[fill[position]++] = i;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (missing[i] == 0) {
        ready.add(i);
      }
    }
    int[] sorted = new int[n];
    int count = 0;
    while (!ready.isEmpty()) {
      int next = ready.poll();
      sorted[count++] = next;
      for (int e = first[next]; e < first[next + 1]; e++) {
        if (--missing[edges[e]] == 0) {
          ready.add(edges[e]);
        }
      }
    }
    if (count < n) {
      forwardReferences = true;
      throw new PlanningException("the steps form a cycle: " + String.join(" -> ", cycle(missing)));
    }
    return sorted;
  }

  /** A cycle among the steps that never became ready, as step ids, first repeated last. */
  private List<String> cycle(int[] missing) {
    int start = 0;
    while (missing[start] == 0) {
      start++;
    }
    // Walk backwards along unfinished dependencies until a step repeats.
    Map<Integer, Integer> seenAt = new HashMap<>();
    List<Integer> walk = new ArrayList<>();
    int current = start;
    while (!seenAt.containsKey(current)) {
      seenAt.put(current, walk.size());
      walk.add(current);
      int previous = -1;
      for (int candidate : dependencies.get(current)) {
        if (missing[candidate] > 0) {
          previous = candidate;
          break;
        }
      }
      current = previous;
    }
    List<Integer> cycle = new ArrayList<>(walk.subList(seenAt.get(current), walk.size()));
    Collections.reverse(cycle);
    // Start at the step planned first, so the same cycle always reads the same way.
    Collections.rotate(cycle, -cycle.indexOf(Collections.min(cycle)));
    cycle.add(cycle.get(0));
    return cycle.stream().map(i -> steps.get(i).id()).toList();
  }
}
