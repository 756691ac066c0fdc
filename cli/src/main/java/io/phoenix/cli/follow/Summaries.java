package io.phoenix.cli.follow;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.follow.BuildView.Status;
import io.phoenix.cli.follow.BuildView.StepView;
import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.BuildRejected;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.Simulated;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepProgress;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small text renderings shared by the follow, status and summary views. */
final class Summaries {

  private Summaries() {}

  static String detail(CloudEvent event) {
    EventData data = BuildClient.dataOrNull(event);
    if (data instanceof BuildAccepted a) {
      return a.steps().size()
          + " steps for "
          + a.guests()
          + (a.pulledIn().isEmpty() ? "" : ", pulled in " + a.pulledIn());
    } else if (data instanceof BuildRejected r) {
      return r.reason();
    } else if (data instanceof BuildFailed f) {
      return f.failedStep() + ": " + f.reason();
    } else if (data instanceof StepStarted s) {
      return s.instance();
    } else if (data instanceof StepProgress p) {
      return p.message();
    } else if (data instanceof StepSucceeded s) {
      String outcome = s.outcome() == null ? "ok" : s.outcome().name().toLowerCase();
      return outcome
          + (s.changes().isEmpty() ? "" : " " + s.changes())
          + Simulated.reasonOf(s).map(r -> " SIMULATED: " + r).orElse("");
    } else if (data instanceof StepFailed f) {
      return f.reason() + ": " + f.message() + (f.retryable() ? " (retryable)" : "");
    }
    return "";
  }

  static String duration(Duration d) {
    if (d == null) {
      return "";
    }
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }

  static Duration guestElapsed(List<StepView> steps, Instant now) {
    Instant first = null;
    Instant last = null;
    boolean running = false;
    for (StepView s : steps) {
      if (s.started != null && (first == null || s.started.isBefore(first))) {
        first = s.started;
      }
      if (s.ended != null && (last == null || s.ended.isAfter(last))) {
        last = s.ended;
      }
      running |= s.status() == Status.RUNNING || s.status() == Status.DISPATCHED;
    }
    if (first == null) {
      return Duration.ZERO;
    }
    return Duration.between(first, running || last == null ? now : last);
  }

  static final String GUEST_HEADER =
      String.format(
          "%-8s %-6s %-8s %-8s %-6s %-10s %s",
          "GUEST", "STEPS", "CREATED", "UPDATED", "NOOP", "SIMULATED", "RESULT");

  static String guestRow(String guest, List<StepView> steps) {
    long created =
        steps.stream()
            .filter(s -> s.outcome() != null && s.outcome().startsWith("created"))
            .count();
    long updated =
        steps.stream()
            .filter(s -> s.outcome() != null && s.outcome().startsWith("updated"))
            .count();
    long noop =
        steps.stream().filter(s -> s.outcome() != null && s.outcome().startsWith("noop")).count();
    long simulated = steps.stream().filter(s -> s.simulated() != null).count();
    long failed = steps.stream().filter(s -> s.status() == Status.FAILED).count();
    long done = steps.stream().filter(s -> s.status() == Status.SUCCEEDED).count();
    String result = failed > 0 ? "failed" : done == steps.size() ? "ok" : "incomplete";
    return String.format(
        "%-8s %-6d %-8d %-8d %-6d %-10d %s",
        guest, steps.size(), created, updated, noop, simulated, result);
  }
}
