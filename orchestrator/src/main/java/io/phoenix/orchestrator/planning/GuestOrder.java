package io.phoenix.orchestrator.planning;

import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The guests a create request needs, prerequisites first: a depth-first walk from the requested
 * guests along clone sources, dependencies, the CA and the Portainer server, as the original tool
 * resolved its mixed LXC/VM graph.
 */
final class GuestOrder {

  private GuestOrder() {}

  static List<Integer> withPrerequisites(
      List<Integer> requested, GuestGraph graph, PlanContext context) {
    List<Integer> unknown =
        requested.stream().filter(id -> context.guest(id) == null).distinct().toList();
    if (!unknown.isEmpty()) {
      throw new PlanningException(unknownGuests(unknown, context));
    }
    Map<Integer, Integer> state = new HashMap<>(); // 1 on the walk, 2 done
    List<Integer> order = new ArrayList<>();
    for (int start : new LinkedHashSet<>(requested)) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<int[]> frames = new ArrayDeque<>();
      List<GuestGraph.Edge> path = new ArrayList<>();
      frames.push(new int[] {start, 0});
      state.put(start, 1);
      checkReferences(context.guest(start), context);
      while (!frames.isEmpty()) {
        int[] frame = frames.peek();
        List<GuestGraph.Edge> edges = graph.edges(frame[0]);
        if (frame[1] == edges.size()) {
          frames.pop();
          state.put(frame[0], 2);
          order.add(frame[0]);
          if (!path.isEmpty()) {
            path.remove(path.size() - 1);
          }
          continue;
        }
        GuestGraph.Edge edge = edges.get(frame[1]++);
        Integer seen = state.get(edge.to());
        if (seen == null) {
          state.put(edge.to(), 1);
          checkReferences(context.guest(edge.to()), context);
          path.add(edge);
          frames.push(new int[] {edge.to(), 0});
        } else if (seen == 1) {
          List<GuestGraph.Edge> cycle = new ArrayList<>();
          for (int i = 0; i < path.size(); i++) {
            if (path.get(i).from() == edge.to()) {
              cycle.addAll(path.subList(i, path.size()));
              break;
            }
          }
          cycle.add(edge);
          throw new PlanningException(
              "dependency cycle: "
                  + new GuestGraph.Cycle(cycle).describe()
                  + "; break it in the inventory");
        }
      }
    }
    return order;
  }

  /** A guest whose clone source or dependency is missing cannot be planned. */
  private static void checkReferences(Guest guest, PlanContext context) {
    if (guest.source() != null
        && guest.source().isClone()
        && context.guest(guest.source().cloneOf()) == null) {
      throw new PlanningException(
          "guest "
              + guest.id()
              + " clones "
              + guest.source().cloneOf()
              + ", which is not in the inventory");
    }
    if (guest.source() == null) {
      throw new PlanningException(
          "guest "
              + guest.id()
              + " has no source; set source.ostemplate, source.image or source.clone");
    }
    for (int dependency : guest.dependsOn()) {
      if (context.guest(dependency) == null) {
        throw new PlanningException(
            "guest "
                + guest.id()
                + " depends on "
                + dependency
                + ", which is not in the inventory");
      }
    }
  }

  static String unknownGuests(List<Integer> unknown, PlanContext context) {
    Set<Integer> known = context.guests.keySet();
    String list =
        known.stream().sorted().limit(20).map(String::valueOf).collect(Collectors.joining(", "));
    return (unknown.size() == 1 ? "guest " + unknown.get(0) + " is" : "guests " + unknown + " are")
        + " not in the inventory; it has "
        + list
        + (known.size() > 20 ? " and " + (known.size() - 20) + " more" : "");
  }
}
