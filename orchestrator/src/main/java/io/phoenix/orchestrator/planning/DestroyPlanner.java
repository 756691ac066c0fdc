package io.phoenix.orchestrator.planning;

import io.phoenix.common.contract.Agent;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reverse DAG: each requested guest's {@code destroy} waits for the destroy of every requested
 * guest that needs it (clones, dependents, CA users, Portainer agents). Nothing is pulled in.
 *
 * <p>Policy for templates: a template that guests outside the request still clone from is refused
 * unless forced. Phoenix only makes full clones, so destroying the template would not break them;
 * but the next create of any of them would rebuild the template, which is rarely what a user
 * destroying "just the template" wants.
 */
final class DestroyPlanner {

  private final PlanContext context;
  private final LatencyProfile profile;

  DestroyPlanner(PlanContext context, LatencyProfile profile) {
    this.context = context;
    this.profile = profile;
  }

  Plan plan(List<Integer> requested, GuestGraph graph, boolean force) {
    List<Integer> unknown =
        requested.stream().filter(id -> context.guest(id) == null).distinct().toList();
    if (!unknown.isEmpty()) {
      throw new PlanningException(GuestOrder.unknownGuests(unknown, context));
    }
    Set<Integer> targets = new LinkedHashSet<>(requested);
    if (!force) {
      refuseTemplatesInUse(targets);
    }
    Map<Integer, List<String>> waitFor = new HashMap<>();
    for (int id : targets) {
      for (GuestGraph.Edge edge : graph.edges(id)) {
        if (targets.contains(edge.to())) {
          // `id` needs `edge.to()`: it goes first, so edge.to()'s destroy waits for it.
          waitFor.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(id + "/destroy");
        }
      }
    }
    StepGraph steps = new StepGraph(targets.size());
    for (int id : targets) {
      Guest guest = context.guest(id);
      steps.add(
          new PlannedStep(
              id + "/destroy",
              id,
              "destroy",
              null,
              Agent.PROXMOX,
              waitFor.getOrDefault(id, List.of()),
              "guest:" + id,
              profile.estimate(Agent.PROXMOX, "destroy", guest.kind(), null),
              context.plainParams(guest),
              Map.of()));
    }
    List<PlannedStep> sorted = steps.sorted();
    StepGraph.CriticalPath critical = steps.criticalPath();
    return new Plan("destroy", requested, List.of(), sorted, critical.steps(), critical.lengthMs());
  }

  private void refuseTemplatesInUse(Set<Integer> targets) {
    Map<Integer, List<Integer>> stillCloning = new TreeMap<>();
    for (Guest guest : context.all()) {
      if (guest.source() != null
          && guest.source().isClone()
          && targets.contains(guest.source().cloneOf())
          && !targets.contains(guest.id())) {
        stillCloning
            .computeIfAbsent(guest.source().cloneOf(), k -> new ArrayList<>())
            .add(guest.id());
      }
    }
    if (!stillCloning.isEmpty()) {
      StringBuilder message = new StringBuilder();
      stillCloning.forEach(
          (template, clones) -> {
            if (message.length() > 0) {
              message.append("; ");
            }
            message
                .append("guest ")
                .append(template)
                .append(" is the template that ")
                .append(clones)
                .append(" clone from");
          });
      throw new PlanningException(
          message
              + ". Destroy those guests in the same request, or force it (full clones survive; the next create rebuilds the template)");
    }
  }
}
