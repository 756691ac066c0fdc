package io.phoenix.cli.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The replay report for a person: the timeline table, the critical paths, the diagnosis. */
final class TextReport {

  private TextReport() {}

  static void print(PrintWriter out, Timeline t, CriticalPath path, Diagnosis diagnosis) {
    out.println(header(t));
    out.println();
    table(out, t);
    out.println();
    if (!path.taken().isEmpty()) {
      String label = t.at() == null ? "critical path taken" : "critical path so far";
      out.println(label + " (" + path.method() + "):");
      out.println("  " + chain(t, path.taken()));
    }
    if (!path.planned().isEmpty()) {
      String verdict = path.planned().equals(path.taken()) ? "the same chain" : "a different chain";
      out.println(
          "critical path planned (estimate "
              + Durations.format(Duration.ofMillis(path.plannedEstimateMs()))
              + ", "
              + verdict
              + "):");
      out.println("  " + String.join(" -> ", path.planned()));
    }
    List<StepRow> simulated = t.steps().stream().filter(s -> s.simulated() != null).toList();
    if (!simulated.isEmpty()) {
      out.println(
          "simulated ("
              + simulated.size()
              + "): succeeded without running for real (their effects were faked):");
      simulated.forEach(s -> out.println("  " + s.id() + ": " + s.simulated()));
    }
    List<String> waits = waits(t);
    if (!waits.isEmpty()) {
      out.println("waited after their dependencies had ended (a lock, capacity or a backoff):");
      waits.forEach(w -> out.println("  " + w));
    }
    if (diagnosis != null) {
      out.println();
      out.println("root cause: " + diagnosis.rootCause());
      out.println(
          "  failed for good at "
              + Durations.offset(t.acceptedAt(), diagnosis.failedAt())
              + " after "
              + diagnosis.attempts()
              + (diagnosis.attempts() == 1 ? " attempt" : " attempts")
              + ": "
              + diagnosis.error());
      out.println(
          "blocked ("
              + diagnosis.blocked().size()
              + "): "
              + (diagnosis.blocked().isEmpty()
                  ? "nothing"
                  : String.join(", ", diagnosis.blocked())));
    }
    if (t.cancelReason() != null) {
      out.println();
      out.println("cancelled: " + t.cancelReason());
    }
  }

  private static String header(Timeline t) {
    StringBuilder h = new StringBuilder("build ").append(t.buildId());
    if (t.action() != null) {
      h.append("  ").append(t.action()).append(' ').append(t.guests());
    }
    h.append("  accepted ").append(t.acceptedAt());
    if (t.at() != null) {
      h.append("\nstate at ")
          .append(t.at())
          .append(" (")
          .append(Durations.offset(t.acceptedAt(), t.at()))
          .append("): ");
    } else {
      h.append("\nresult: ");
    }
    h.append(t.result());
    if (t.endedAt() != null && t.acceptedAt() != null) {
      h.append(" after ").append(Durations.format(Duration.between(t.acceptedAt(), t.endedAt())));
    }
    return h.toString();
  }

  private static void table(PrintWriter out, Timeline t) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "STEP", "STATUS", "INSTANCE", "ATT", "START", "END", "DURATION", "OUTCOME", "ERROR"
        });
    for (StepRow s : t.steps()) {
      rows.add(
          new String[] {
            s.id(),
            s.status().label(),
            s.instance() == null ? "" : s.instance(),
            s.attempts() == 0 ? "" : Integer.toString(s.attempts()),
            Durations.offset(t.acceptedAt(), s.dispatchedAt()),
            Durations.offset(t.acceptedAt(), s.endedAt()),
            Durations.format(s.duration(t.at())),
            s.outcomeLabel(),
            s.error() == null ? "" : (s.outcome() != null ? "earlier: " : "") + s.error()
          });
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : pad(row[i], width[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /**
   * Steps first dispatched later than their last dependency ended: time the DAG did not ask for.
   */
  private static List<String> waits(Timeline t) {
    List<String> waits = new ArrayList<>();
    if (t.plan() == null) {
      return waits;
    }
    for (StepRow s : t.steps()) {
      if (s.dispatchedAt() == null) {
        continue;
      }
      Instant ready = t.acceptedAt();
      for (String dep : s.dependsOn()) {
        StepRow d = t.step(dep);
        if (d != null && d.endedAt() != null && d.endedAt().isAfter(ready)) {
          ready = d.endedAt();
        }
      }
      Duration waited = Duration.between(ready, s.dispatchedAt());
      if (waited.toMillis() >= 1000) {
        String lock = t.plan().step(s.id()).map(p -> p.lock()).orElse(null);
        waits.add(
            s.id()
                + " waited "
                + Durations.format(waited)
                + (lock == null ? "" : " (it takes lock " + lock + ")"));
      }
    }
    return waits;
  }

  private static String chain(Timeline t, List<String> ids) {
    List<String> parts = new ArrayList<>();
    for (String id : ids) {
      StepRow s = t.step(id);
      parts.add(
          id
              + " ("
              + Durations.offset(t.acceptedAt(), s.dispatchedAt())
              + ".."
              + Durations.offset(t.acceptedAt(), s.endedAt())
              + ")");
    }
    return String.join(" -> ", parts);
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
