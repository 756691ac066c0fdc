package io.phoenix.common.inventory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guest-level graph: who must be built before whom. Edges come from clone sources, declared
 * dependencies, the CA (a guest that trusts or gets certificates from the CA needs the CA guest)
 * and Portainer (an agent registers with the server). Both the validator (cycles) and the planner
 * (what to pull in) read it.
 */
public final class GuestGraph {

  /** Why one guest needs another. */
  public enum EdgeKind {
    CLONES("clones"),
    DEPENDS_ON("depends on"),
    USES_CA("uses the CA on"),
    REGISTERS_WITH("registers with the Portainer server");

    private final String verb;

    EdgeKind(String verb) {
      this.verb = verb;
    }

    public String verb() {
      return verb;
    }
  }

  /** {@code from} needs {@code to} first. */
  public record Edge(int from, int to, EdgeKind kind) {}

  /** A cycle: {@code edges} lead from the first guest back to it. */
  public record Cycle(List<Edge> edges) {

    public List<Integer> guests() {
      return edges.stream().map(Edge::from).toList();
    }

    /** {@code 101 -> 102 -> 101 (101 depends on 102; 102 depends on 101)}. */
    public String describe() {
      StringBuilder path = new StringBuilder();
      StringBuilder why = new StringBuilder();
      for (Edge edge : edges) {
        path.append(edge.from()).append(" -> ");
        if (why.length() > 0) {
          why.append("; ");
        }
        why.append(edge.from())
            .append(' ')
            .append(edge.kind().verb())
            .append(' ')
            .append(edge.to());
      }
      path.append(edges.get(0).from());
      return path + " (" + why + ")";
    }
  }

  private final Map<Integer, List<Edge>> edges = new HashMap<>();
  private final List<Integer> order = new ArrayList<>();

  GuestGraph(Inventory inventory, Map<Integer, Integer> indexById) {
    CaSettings ca = inventory.ca();
    PortainerSettings portainer = inventory.portainer();
    for (Guest guest : inventory.guests()) {
      if (edges.containsKey(guest.id())) {
        continue;
      }
      order.add(guest.id());
      List<Edge> out = new ArrayList<>();
      if (guest.source() != null && guest.source().isClone()) {
        add(out, indexById, guest.id(), guest.source().cloneOf(), EdgeKind.CLONES);
      }
      for (int dependency : guest.dependsOn()) {
        add(out, indexById, guest.id(), dependency, EdgeKind.DEPENDS_ON);
      }
      if (ca != null && needsCa(guest)) {
        add(out, indexById, guest.id(), ca.guest(), EdgeKind.USES_CA);
      }
      if (portainer != null && guest.portainer() == PortainerRole.AGENT) {
        add(out, indexById, guest.id(), portainer.server(), EdgeKind.REGISTERS_WITH);
      }
      edges.put(guest.id(), out);
    }
  }

  /** The graph of {@code inventory}; references to guests it lacks are left out. */
  public static GuestGraph of(Inventory inventory) {
    Map<Integer, Integer> indexById = new HashMap<>();
    for (int i = 0; i < inventory.guests().size(); i++) {
      indexById.putIfAbsent(inventory.guests().get(i).id(), i);
    }
    return new GuestGraph(inventory, indexById);
  }

  /**
   * Whether {@code guest} talks to the CA: it trusts it, runs the step CLI or holds certificates.
   */
  public static boolean needsCa(Guest guest) {
    return !guest.certificates().isEmpty()
        || guest.features().stream().anyMatch(FeatureCatalog::preparesCertificates);
  }

  private static void add(
      List<Edge> out, Map<Integer, Integer> indexById, int from, int to, EdgeKind kind) {
    if (to != from && indexById.containsKey(to)) {
      out.add(new Edge(from, to, kind));
    }
  }

  /** What {@code guest} needs first, clone source first, then dependencies in declared order. */
  public List<Edge> edges(int guest) {
    return edges.getOrDefault(guest, List.of());
  }

  /** Every distinct cycle, each reported once. */
  public List<Cycle> cycles() {
    Map<Integer, Integer> state = new HashMap<>(); // absent: unseen, 1: on stack, 2: done
    List<Cycle> cycles = new ArrayList<>();
    Set<Set<Integer>> reported = new HashSet<>();
    for (int start : order) {
      if (state.containsKey(start)) {
        continue;
      }
      // Iterative DFS: the path of edges taken, and per frame the next edge to try.
      Deque<int[]> frames = new ArrayDeque<>();
      List<Edge> path = new ArrayList<>();
      frames.push(new int[] {start, 0});
      state.put(start, 1);
      while (!frames.isEmpty()) {
        int[] frame = frames.peek();
        List<Edge> out = edges(frame[0]);
        if (frame[1] >= out.size()) {
          state.put(frame[0], 2);
          frames.pop();
          if (!path.isEmpty()) {
            path.remove(path.size() - 1);
          }
          continue;
        }
        Edge edge = out.get(frame[1]++);
        Integer seen = state.get(edge.to());
        if (seen == null) {
          state.put(edge.to(), 1);
          path.add(edge);
          frames.push(new int[] {edge.to(), 0});
        } else if (seen == 1) {
          List<Edge> cycle = new ArrayList<>();
          int from = -1;
          for (int i = 0; i < path.size(); i++) {
            if (path.get(i).from() == edge.to()) {
              from = i;
              break;
            }
          }
          if (from >= 0) {
            cycle.addAll(path.subList(from, path.size()));
          }
          cycle.add(edge);
          Set<Integer> members = new HashSet<>();
          cycle.forEach(e -> members.add(e.from()));
          if (reported.add(members)) {
            cycles.add(new Cycle(cycle));
          }
        }
      }
    }
    return cycles;
  }
}
