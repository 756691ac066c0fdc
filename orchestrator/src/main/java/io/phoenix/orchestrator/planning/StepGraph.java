package io.phoenix.orchestrator.planning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Collects planned steps in creation order, then sorts them topologically (Kahn, ties broken by
 * creation order so plans are deterministic) and finds the critical path. Linear in steps and edges
 * apart from the heap.
 */
final class StepGraph {

  private final List<PlannedStep> steps;
  private final Map<String, Integer> index;

  StepGraph(int expectedSteps) {
    steps = new ArrayList<>(expectedSteps);
    index = new HashMap<>(expectedSteps * 2);
  }

  void add(PlannedStep step) {
    if (index.putIfAbsent(step.id(), steps.size()) != null) {
      throw new PlanningException("step " + step.id() + " would be planned twice");
    }
    steps.add(step);
  }

  boolean has(String id) {
    return index.containsKey(id);
  }

  /** The steps in a topological order; a cycle or a dangling dependency is a PlanningException. */
  List<PlannedStep> sorted() {
    int n = steps.size();
    int[] missing = new int[n];
    // Dependents in compressed rows: first[i]..first[i + 1] index into `edges`.
    int[] first = new int[n + 1];
    int[][] from = new int[n][];
    for (int i = 0; i < n; i++) {
      List<String> dependencies = steps.get(i).dependsOn();
      from[i] = new int[dependencies.size()];
      for (int d = 0; d < dependencies.size(); d++) {
        Integer position = index.get(dependencies.get(d));
        if (position == null) {
          throw new PlanningException(
              "step "
                  + steps.get(i).id()
                  + " depends on "
                  + dependencies.get(d)
                  + ", which is not planned");
        }
        from[i][d] = position;
        first[position + 1]++;
        missing[i]++;
      }
    }
    for (int i = 0; i < n; i++) {
      first[i + 1] += first[i];
    }
    int[] edges = new int[first[n]];
    int[] fill = java.util.Arrays.copyOf(first, n);
    for (int i = 0; i < n; i++) {
      for (int position : from[i]) {
        edges[fill[position]++] = i;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < n; i++) {
      if (missing[i] == 0) {
        ready.add(i);
      }
    }
    List<PlannedStep> order = new ArrayList<>(n);
    while (!ready.isEmpty()) {
      int next = ready.poll();
      order.add(steps.get(next));
      for (int e = first[next]; e < first[next + 1]; e++) {
        if (--missing[edges[e]] == 0) {
          ready.add(edges[e]);
        }
      }
    }
    if (order.size() < n) {
      throw new PlanningException("the steps form a cycle: " + String.join(" -> ", cycle(missing)));
    }
    return order;
  }

  /** A cycle among the steps that never became ready, as step ids, first repeated last. */
  private List<String> cycle(int[] missing) {
    Map<String, Integer> state = new HashMap<>();
    int start = -1;
    for (int i = 0; i < missing.length; i++) {
      if (missing[i] > 0) {
        start = i;
        break;
      }
    }
    // Walk backwards along unfinished dependencies until a step repeats.
    List<String> walk = new ArrayList<>();
    int current = start;
    while (!state.containsKey(steps.get(current).id())) {
      state.put(steps.get(current).id(), walk.size());
      walk.add(steps.get(current).id());
      int previous = -1;
      for (String dependency : steps.get(current).dependsOn()) {
        int candidate = index.get(dependency);
        if (missing[candidate] > 0) {
          previous = candidate;
          break;
        }
      }
      current = previous;
    }
    List<String> cycle =
        new ArrayList<>(walk.subList(state.get(steps.get(current).id()), walk.size()));
    Collections.reverse(cycle);
    // Start at the step planned first, so the same cycle always reads the same way.
    int earliest = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (index.get(cycle.get(i)) < index.get(cycle.get(earliest))) {
        earliest = i;
      }
    }
    Collections.rotate(cycle, -earliest);
    cycle.add(cycle.get(0));
    return cycle;
  }

  /** The longest chain by estimate and its length. */
  record CriticalPath(List<String> steps, long lengthMs) {}

  /** The chain with the largest summed estimate, first to last, over topologically sorted steps. */
  static CriticalPath criticalPath(List<PlannedStep> sorted) {
    Map<String, Integer> position = new HashMap<>(sorted.size() * 2);
    long[] finish = new long[sorted.size()];
    int[] previous = new int[sorted.size()];
    int last = -1;
    for (int i = 0; i < sorted.size(); i++) {
      PlannedStep step = sorted.get(i);
      position.put(step.id(), i);
      long start = 0;
      previous[i] = -1;
      for (String dependency : step.dependsOn()) {
        int before = position.get(dependency);
        if (previous[i] < 0 || finish[before] > start) {
          start = finish[before];
          previous[i] = before;
        }
      }
      finish[i] = start + step.estimateMs();
      if (last < 0 || finish[i] > finish[last]) {
        last = i;
      }
    }
    List<String> path = new ArrayList<>();
    for (int i = last; i >= 0; i = previous[i]) {
      path.add(sorted.get(i).id());
    }
    Collections.reverse(path);
    return new CriticalPath(path, last < 0 ? 0 : finish[last]);
  }
}
