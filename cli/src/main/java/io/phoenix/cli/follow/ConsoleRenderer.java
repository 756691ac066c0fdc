package io.phoenix.cli.follow;

import io.phoenix.cli.follow.BuildView.Status;
import io.phoenix.cli.follow.BuildView.StepView;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.EventTypes;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Shows a build as it happens: on a terminal, one live line per guest (current step, progress bar,
 * elapsed); otherwise (or with {@code --plain}) one line per event. Ends with a summary table, the
 * steps that were only simulated (never a silent success), and the final {@code BUILD
 * SUCCEEDED|FAILED|CANCELLED} line.
 */
public final class ConsoleRenderer {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final int BAR = 20;

  private final PrintWriter out;
  private final boolean live;
  private final Clock clock;
  private final BuildView view = new BuildView();
  private int drawnLines;

  public ConsoleRenderer(PrintWriter out, boolean live, Clock clock) {
    this.out = out;
    this.live = live;
    this.clock = clock;
  }

  public BuildView view() {
    return view;
  }

  /** One event of the followed build. */
  public void onEvent(CloudEvent event) {
    view.apply(event);
    if (live) {
      redraw();
    } else if (!EventTypes.STEP_HEARTBEAT.equals(event.type())) {
      out.println(plainLine(event));
      out.flush();
    }
  }

  /** Time passes: refresh the elapsed times of the live view. */
  public void tick() {
    if (live) {
      redraw();
    }
  }

  static String plainLine(CloudEvent event) {
    String what = event.type().replace("phoenix.", "");
    String step = event.stepid() == null ? "" : event.stepid();
    String detail = Summaries.detail(event);
    String attempt = event.attempt() != null && event.attempt() > 1 ? " #" + event.attempt() : "";
    return String.format(
            "%s %-15s %-28s %s%s",
            TIME.format(event.time() == null ? java.time.Instant.now() : event.time()),
            what,
            step,
            detail,
            attempt)
        .stripTrailing();
  }

  private void redraw() {
    Map<String, List<StepView>> guests = view.byGuest();
    if (drawnLines > 0) {
      out.print("\u001b[" + drawnLines + "A");
    }
    int lines = 0;
    for (Map.Entry<String, List<StepView>> guest : guests.entrySet()) {
      out.print("\u001b[2K");
      out.println(guestLine(guest.getKey(), guest.getValue()));
      lines++;
    }
    out.print("\u001b[2K");
    out.println(
        String.format(
            "build %s  %s", view.buildId(), Summaries.duration(view.elapsed(clock.instant()))));
    lines++;
    drawnLines = lines;
    out.flush();
  }

  private String guestLine(String guest, List<StepView> steps) {
    long done = steps.stream().filter(s -> s.status() == Status.SUCCEEDED).count();
    StepView current =
        steps.stream()
            .filter(s -> s.status() == Status.FAILED)
            .findFirst()
            .or(
                () ->
                    steps.stream()
                        .filter(
                            s -> s.status() == Status.RUNNING || s.status() == Status.DISPATCHED)
                        .findFirst())
            .orElse(null);
    int filled = steps.isEmpty() ? 0 : (int) (BAR * done / steps.size());
    String bar = "#".repeat(filled) + "-".repeat(BAR - filled);
    String state;
    if (current != null && current.status() == Status.FAILED) {
      state = "FAILED " + shortStep(current.id()) + ": " + current.error();
    } else if (done == steps.size()) {
      long simulated = steps.stream().filter(s -> s.simulated() != null).count();
      state = simulated == 0 ? "done" : "done, " + simulated + " simulated";
    } else if (current != null) {
      state = shortStep(current.id()) + (current.attempt() > 1 ? " #" + current.attempt() : "");
    } else {
      state = "waiting";
    }
    Duration elapsed = Summaries.guestElapsed(steps, clock.instant());
    return String.format(
        "%6s [%s] %3d/%-3d %-40s %8s",
        guest, bar, done, steps.size(), clip(state, 40), Summaries.duration(elapsed));
  }

  private static String shortStep(String id) {
    int slash = id.indexOf('/');
    return slash < 0 ? id : id.substring(slash + 1);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** The summary table and the final line. */
  public void finish() {
    if (live) {
      redraw();
    }
    out.println();
    out.println(Summaries.GUEST_HEADER);
    for (Map.Entry<String, List<StepView>> guest : view.byGuest().entrySet()) {
      out.println(Summaries.guestRow(guest.getKey(), guest.getValue()));
    }
    List<String> simulated = view.simulatedLines();
    if (!simulated.isEmpty()) {
      out.println();
      simulated.forEach(out::println);
    }
    out.println();
    out.println(finalLine(view, clock));
    out.flush();
  }

  /** {@code BUILD SUCCEEDED <id> in <d>} or {@code BUILD FAILED <id>: <step>: <reason>}. */
  public static String finalLine(BuildView view, Clock clock) {
    String result = view.result() == null ? "unknown" : view.result();
    return switch (result) {
      case "succeeded" ->
          "BUILD SUCCEEDED "
              + view.buildId()
              + " in "
              + Summaries.duration(view.elapsed(clock.instant()));
      case "failed" ->
          "BUILD FAILED " + view.buildId() + ": " + view.failedStep() + ": " + view.failure();
      case "cancelled" -> "BUILD CANCELLED " + view.buildId();
      default -> "BUILD " + result.toUpperCase() + " " + view.buildId();
    };
  }
}
