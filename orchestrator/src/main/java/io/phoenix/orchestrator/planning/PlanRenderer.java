package io.phoenix.orchestrator.planning;

import io.phoenix.common.contract.Envelopes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Shows a plan to people (text waves, Mermaid, Graphviz dot) and to programs (JSON). */
public final class PlanRenderer {

  /** The output formats of {@code phoenix plan --format}. */
  public enum Format {
    TEXT,
    JSON,
    MERMAID,
    DOT;

    /** The format called {@code name} (case-insensitive), or null. */
    public static Format of(String name) {
      for (Format format : values()) {
        if (format.name().equalsIgnoreCase(name)) {
          return format;
        }
      }
      return null;
    }
  }

  private PlanRenderer() {}

  public static String render(Plan plan, Format format) {
    return switch (format) {
      case TEXT -> text(plan);
      case JSON -> json(plan);
      case MERMAID -> mermaid(plan);
      case DOT -> dot(plan);
    };
  }

  /**
   * {@code {"action", "requested", "pulledIn", "estimateMs", "criticalPath", "steps": [{"id",
   * "guest", "action", "detail", "agent", "dependsOn", "lock", "estimateMs", "inputs"}]}}; params
   * are left out (they repeat each guest's whole entry).
   */
  public static String json(Plan plan) {
    ObjectNode root = Envelopes.json().createObjectNode();
    root.put("action", plan.action());
    plan.requested().forEach(root.putArray("requested")::add);
    plan.pulledIn().forEach(root.putArray("pulledIn")::add);
    root.put("estimateMs", plan.estimateMs());
    plan.criticalPath().forEach(root.putArray("criticalPath")::add);
    ArrayNode steps = root.putArray("steps");
    for (PlannedStep step : plan.steps()) {
      ObjectNode node = steps.addObject();
      node.put("id", step.id());
      node.put("guest", step.guest());
      node.put("action", step.action());
      if (step.detail() != null) {
        node.put("detail", step.detail());
      }
      node.put("agent", step.agent().id());
      step.dependsOn().forEach(node.putArray("dependsOn")::add);
      if (step.lock() == null) {
        node.putNull("lock");
      } else {
        node.put("lock", step.lock());
      }
      node.put("estimateMs", step.estimateMs());
      if (!step.inputs().isEmpty()) {
        ObjectNode inputs = node.putObject("inputs");
        step.inputs().forEach(inputs::put);
      }
    }
    return Envelopes.json().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
  }

  /** Waves of steps that can run at the same time, then the critical path and its length. */
  public static String text(Plan plan) {
    Map<String, Integer> wave = waves(plan);
    Map<String, Long> start = earliestStarts(plan);
    int waves = wave.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    StringBuilder out = new StringBuilder();
    out.append(plan.action())
        .append(' ')
        .append(plan.requested().stream().map(String::valueOf).collect(Collectors.joining(" ")))
        .append(": ")
        .append(plan.steps().size())
        .append(" steps in ")
        .append(waves)
        .append(waves == 1 ? " wave" : " waves")
        .append('\n');
    out.append("pulled in: ")
        .append(
            plan.pulledIn().isEmpty()
                ? "none"
                : plan.pulledIn().stream().map(String::valueOf).collect(Collectors.joining(" ")))
        .append('\n');
    int width = plan.steps().stream().mapToInt(s -> s.id().length()).max().orElse(10);
    Set<String> critical = new HashSet<>(plan.criticalPath());
    List<List<PlannedStep>> byWave = new ArrayList<>();
    for (int i = 0; i < waves; i++) {
      byWave.add(new ArrayList<>());
    }
    plan.steps().forEach(s -> byWave.get(wave.get(s.id()) - 1).add(s));
    for (int i = 0; i < waves; i++) {
      out.append("\nwave ").append(i + 1).append('\n');
      for (PlannedStep step : byWave.get(i)) {
        out.append(critical.contains(step.id()) ? "  * " : "    ")
            .append(pad(step.id(), width))
            .append("  ")
            .append(pad(step.agent().id(), 7))
            .append(pad("t+" + duration(start.get(step.id())), 10))
            .append(pad(duration(step.estimateMs()), 8))
            .append(step.lock() == null ? "" : "lock " + step.lock())
            .append('\n');
      }
    }
    out.append("\ncritical path (")
        .append(duration(plan.estimateMs()))
        .append(", the fastest this build can be; * marks its steps):\n  ")
        .append(String.join(" -> ", plan.criticalPath()))
        .append('\n');
    return out.toString();
  }

  public static String mermaid(Plan plan) {
    Map<String, String> names = names(plan);
    StringBuilder out = new StringBuilder("flowchart TD\n");
    for (PlannedStep step : plan.steps()) {
      out.append("  ")
          .append(names.get(step.id()))
          .append("[\"")
          .append(step.id())
          .append("<br/>")
          .append(duration(step.estimateMs()))
          .append(step.lock() == null ? "" : "<br/>" + step.lock())
          .append("\"]\n");
    }
    for (PlannedStep step : plan.steps()) {
      for (String dependency : step.dependsOn()) {
        out.append("  ")
            .append(names.get(dependency))
            .append(" --> ")
            .append(names.get(step.id()))
            .append('\n');
      }
    }
    if (!plan.criticalPath().isEmpty()) {
      out.append("  classDef critical stroke:#d33,stroke-width:3px\n  class ")
          .append(plan.criticalPath().stream().map(names::get).collect(Collectors.joining(",")))
          .append(" critical\n");
    }
    return out.toString();
  }

  public static String dot(Plan plan) {
    Set<String> critical = new HashSet<>(plan.criticalPath());
    StringBuilder out =
        new StringBuilder(
            "digraph plan {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n");
    for (PlannedStep step : plan.steps()) {
      out.append("  \"")
          .append(step.id())
          .append("\" [label=\"")
          .append(step.id())
          .append("\\n")
          .append(duration(step.estimateMs()))
          .append(step.lock() == null ? "" : "\\n" + step.lock())
          .append('"')
          .append(critical.contains(step.id()) ? ", color=red, penwidth=2" : "")
          .append("];\n");
    }
    for (PlannedStep step : plan.steps()) {
      for (String dependency : step.dependsOn()) {
        boolean onPath = critical.contains(dependency) && critical.contains(step.id());
        out.append("  \"")
            .append(dependency)
            .append("\" -> \"")
            .append(step.id())
            .append('"')
            .append(onPath ? " [color=red, penwidth=2]" : "")
            .append(";\n");
      }
    }
    return out.append("}\n").toString();
  }

  /**
   * Wave of each step: 1 for steps without dependencies, else one more than its latest dependency.
   */
  static Map<String, Integer> waves(Plan plan) {
    Map<String, Integer> wave = new HashMap<>(plan.steps().size() * 2);
    for (PlannedStep step : plan.steps()) {
      int level = 1;
      for (String dependency : step.dependsOn()) {
        level = Math.max(level, wave.get(dependency) + 1);
      }
      wave.put(step.id(), level);
    }
    return wave;
  }

  /** Earliest start of each step if everything ran as soon as it could, in milliseconds. */
  static Map<String, Long> earliestStarts(Plan plan) {
    Map<String, Long> start = new HashMap<>(plan.steps().size() * 2);
    Map<String, Long> finish = new HashMap<>(plan.steps().size() * 2);
    for (PlannedStep step : plan.steps()) {
      long at = 0;
      for (String dependency : step.dependsOn()) {
        at = Math.max(at, finish.get(dependency));
      }
      start.put(step.id(), at);
      finish.put(step.id(), at + step.estimateMs());
    }
    return start;
  }

  private static Map<String, String> names(Plan plan) {
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < plan.steps().size(); i++) {
      names.put(plan.steps().get(i).id(), "s" + i);
    }
    return names;
  }

  /** {@code 1h02m}, {@code 12m30s}, {@code 45s}, {@code 800ms}. */
  static String duration(long millis) {
    if (millis < 1_000) {
      return millis + "ms";
    }
    long seconds = millis / 1_000;
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return String.format(Locale.ROOT, "%dm%02ds", minutes, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60);
  }

  private static String pad(String text, int width) {
    StringBuilder out = new StringBuilder(text);
    while (out.length() < width) {
      out.append(' ');
    }
    return out.append(' ').toString();
  }
}
