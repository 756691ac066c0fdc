package io.phoenix.cli.replay;

import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlannedStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chain of steps whose end times decided when the build ended, and the chain the plan expected
 * to be longest.
 *
 * @param taken the steps taken, first to last
 * @param method how {@link #taken} was derived, for a person reading the report
 * @param planned the plan's critical path by estimate, first to last (empty without a plan)
 * @param plannedEstimateMs the planned path's estimated length
 */
record CriticalPath(
    List<String> taken, String method, List<String> planned, long plannedEstimateMs) {

  static final String BY_PLAN =
      "from the last step to end, back through its latest-finishing dependency in the plan";
  static final String BY_TIME =
      "the accepted event carries no plan: from the last step to end, back through the step that"
          + " ended last before it was first dispatched";

  static CriticalPath of(Timeline timeline) {
    boolean withPlan = timeline.plan() != null;
    return new CriticalPath(
        taken(timeline, withPlan),
        withPlan ? BY_PLAN : BY_TIME,
        withPlan ? planned(timeline.plan()) : List.of(),
        withPlan ? estimate(timeline.plan(), planned(timeline.plan())) : 0);
  }

  private static List<String> taken(Timeline timeline, boolean withPlan) {
    StepRow last = null;
    for (StepRow s : timeline.steps()) {
      if (s.endedAt() != null && (last == null || s.endedAt().isAfter(last.endedAt()))) {
        last = s;
      }
    }
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (StepRow s = last; s != null && seen.add(s.id()); ) {
      chain.add(s.id());
      s = withPlan ? latestDependency(timeline, s) : latestBefore(timeline, s);
    }
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  private static StepRow latestDependency(Timeline timeline, StepRow step) {
    StepRow latest = null;
    for (String id : step.dependsOn()) {
      StepRow dep = timeline.step(id);
      if (dep != null
          && dep.endedAt() != null
          && (latest == null || dep.endedAt().isAfter(latest.endedAt()))) {
        latest = dep;
      }
    }
    return latest;
  }

  private static StepRow latestBefore(Timeline timeline, StepRow step) {
    Instant dispatched = step.dispatchedAt();
    if (dispatched == null) {
      return null;
    }
    StepRow latest = null;
    for (StepRow other : timeline.steps()) {
      if (other != step
          && other.endedAt() != null
          && !other.endedAt().isAfter(dispatched)
          && (latest == null || other.endedAt().isAfter(latest.endedAt()))) {
        latest = other;
      }
    }
    return latest;
  }

  /**
   * The planner's critical path when it recorded one, else the longest chain by the steps'
   * estimates.
   */
  static List<String> planned(Plan plan) {
    if (!plan.criticalPath().isEmpty()) {
      return plan.criticalPath();
    }
    Map<String, Long> finish = new HashMap<>();
    Map<String, String> via = new HashMap<>();
    String end = null;
    for (PlannedStep step : plan.steps()) { // topological order: dependencies come first
      long start = 0;
      String from = null;
      for (String dep : step.dependsOn()) {
        long f = finish.getOrDefault(dep, 0L);
        if (from == null || f > start) {
          start = f;
          from = dep;
        }
      }
      if (from != null) {
        via.put(step.id(), from);
      }
      finish.put(step.id(), start + step.estimateMs());
      if (end == null || finish.get(step.id()) > finish.get(end)) {
        end = step.id();
      }
    }
    List<String> chain = new ArrayList<>();
    for (String id = end; id != null; id = via.get(id)) {
      chain.add(id);
    }
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  private static long estimate(Plan plan, List<String> path) {
    if (plan.estimateMs() > 0 && !plan.criticalPath().isEmpty()) {
      return plan.estimateMs();
    }
    long sum = 0;
    for (String id : path) {
      sum += plan.step(id).map(PlannedStep::estimateMs).orElse(0L);
    }
    return sum;
  }
}
