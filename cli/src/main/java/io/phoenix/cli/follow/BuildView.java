package io.phoenix.cli.follow;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.Simulated;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepProgress;
import io.phoenix.common.contract.StepSucceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a person following a build wants to know, folded from its events. */
public final class BuildView {

  /** Where one step is. */
  public enum Status {
    PENDING,
    DISPATCHED,
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** One step as seen so far. */
  public static final class StepView {
    final String id;
    Status status = Status.PENDING;
    int attempt;
    Instant started;
    Instant ended;
    String outcome;
    String error;
    String simulated;
    String lastProgress;

    StepView(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public Status status() {
      return status;
    }

    public String outcome() {
      return outcome;
    }

    public String error() {
      return error;
    }

    /** Why its success was simulated (its effects faked, nothing ran for real), or null. */
    public String simulated() {
      return simulated;
    }

    /** {@code created}, or {@code created (simulated)} when its effects were faked. */
    public String outcomeLabel() {
      return outcome == null ? null : simulated == null ? outcome : outcome + " (simulated)";
    }

    public int attempt() {
      return attempt;
    }

    public Duration duration() {
      return started == null || ended == null ? null : Duration.between(started, ended);
    }
  }

  private final Map<String, StepView> steps = new LinkedHashMap<>();
  private String buildId;
  private Instant acceptedAt;
  private Instant endedAt;
  private String result;
  private String failedStep;
  private String failure;

  /** Folds one event in. */
  public void apply(CloudEvent event) {
    EventData data;
    try {
      data = Envelopes.data(event);
    } catch (MalformedRecordException e) {
      return;
    }
    switch (event.type()) {
      case EventTypes.BUILD_ACCEPTED -> {
        buildId = event.buildid();
        acceptedAt = event.time();
        for (String id : ((BuildAccepted) data).steps()) {
          steps.computeIfAbsent(id, StepView::new);
        }
      }
      case EventTypes.STEP_DISPATCHED -> {
        StepView s = step(event);
        s.status = Status.DISPATCHED;
        s.attempt = event.attempt() == null ? 1 : event.attempt();
        s.error = null;
        s.simulated = null;
      }
      case EventTypes.STEP_STARTED -> {
        StepView s = step(event);
        s.status = Status.RUNNING;
        s.started = event.time();
      }
      case EventTypes.STEP_PROGRESS -> step(event).lastProgress = ((StepProgress) data).message();
      case EventTypes.STEP_SUCCEEDED -> {
        StepView s = step(event);
        s.status = Status.SUCCEEDED;
        s.ended = event.time();
        StepSucceeded ok = (StepSucceeded) data;
        // a config change a running guest takes only at its next start (proxmox-agent)
        boolean pending = ok.outputs().containsKey("pendingRestart");
        s.outcome = outcomeName(ok.outcome()) + (pending ? " (pending restart)" : "");
        s.simulated = Simulated.reasonOf(ok).orElse(null);
      }
      case EventTypes.STEP_FAILED -> {
        StepView s = step(event);
        StepFailed f = (StepFailed) data;
        s.status = Status.FAILED;
        s.ended = event.time();
        s.error = f.reason() + ": " + f.message();
      }
      case EventTypes.BUILD_SUCCEEDED -> end(event, "succeeded");
      case EventTypes.BUILD_CANCELLED -> end(event, "cancelled");
      case EventTypes.BUILD_FAILED -> {
        end(event, "failed");
        BuildFailed f = (BuildFailed) data;
        failedStep = f.failedStep();
        failure = f.reason();
      }
      default -> {
        // heartbeats change nothing a person sees
      }
    }
  }

  private static String outcomeName(StepSucceeded.Outcome outcome) {
    return outcome == null ? "ok" : outcome.name().toLowerCase().replace('_', '-');
  }

  private void end(CloudEvent event, String how) {
    endedAt = event.time();
    result = how;
  }

  private StepView step(CloudEvent event) {
    return steps.computeIfAbsent(event.stepid() == null ? "?" : event.stepid(), StepView::new);
  }

  public String buildId() {
    return buildId;
  }

  public String result() {
    return result;
  }

  public String failedStep() {
    return failedStep;
  }

  public String failure() {
    return failure;
  }

  public List<StepView> steps() {
    return new ArrayList<>(steps.values());
  }

  /** The steps that succeeded only in simulation: their effects were faked. */
  public List<StepView> simulatedSteps() {
    return steps.values().stream().filter(s -> s.simulated != null).toList();
  }

  /**
   * The lines that name every simulated step and why, under a heading; none when nothing was
   * simulated.
   */
  public List<String> simulatedLines() {
    List<StepView> simulated = simulatedSteps();
    if (simulated.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "simulated: "
            + simulated.size()
            + (simulated.size() == 1 ? " step" : " steps")
            + " succeeded without running for real (their effects were faked):");
    simulated.forEach(s -> lines.add("  " + s.id() + ": " + s.simulated()));
    return lines;
  }

  /** Steps grouped by guest (the part of the id before the first slash), guests in id order. */
  public Map<String, List<StepView>> byGuest() {
    Map<String, List<StepView>> groups = new TreeMap<>(BuildView::compareGuests);
    for (StepView s : steps.values()) {
      String guest = s.id.contains("/") ? s.id.substring(0, s.id.indexOf('/')) : s.id;
      groups.computeIfAbsent(guest, g -> new ArrayList<>()).add(s);
    }
    return groups;
  }

  private static int compareGuests(String a, String b) {
    try {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  /** From acceptance to the end (or to {@code now} while running). */
  public Duration elapsed(Instant now) {
    if (acceptedAt == null) {
      return Duration.ZERO;
    }
    return Duration.between(acceptedAt, endedAt == null ? now : endedAt);
  }
}
