package io.phoenix.common.contract;

import java.util.Optional;

/**
 * The {@code simulated} protocol: work whose effects were faked (by the simulator, or by the lab
 * for what it cannot run for real) is never a silent success. The run prints the standard-output
 * line {@code phoenix-simulated: <reason>}; the agent turns it into the output {@code simulated}
 * (the reason) of its {@link StepSucceeded}; every view of a build (the CLI's follow view, summary,
 * status and replay, the web UI) says {@code simulated} for such a step.
 */
public final class Simulated {

  /** How a run that was simulated starts its line on standard output. */
  public static final String LINE_PREFIX = "phoenix-simulated:";

  /** The {@link StepSucceeded#outputs()} key that carries the reason. */
  public static final String OUTPUT = "simulated";

  private Simulated() {}

  /** The standard-output line (with its newline) that says a run was simulated, and why. */
  public static String line(String reason) {
    return LINE_PREFIX + " " + reason.replace('\n', ' ').strip() + "\n";
  }

  /** The reason of the first {@code phoenix-simulated:} line of {@code stdout}, if it has one. */
  public static Optional<String> reasonIn(String stdout) {
    if (stdout == null) {
      return Optional.empty();
    }
    for (String line : stdout.split("\n")) {
      if (line.startsWith(LINE_PREFIX)) {
        String reason = line.substring(LINE_PREFIX.length()).strip();
        return Optional.of(reason.isEmpty() ? "simulated" : reason);
      }
    }
    return Optional.empty();
  }

  /** Why {@code outcome} was simulated, when it was. */
  public static Optional<String> reasonOf(StepOutcome outcome) {
    return outcome instanceof StepSucceeded succeeded
        ? Optional.ofNullable(succeeded.outputs().get(OUTPUT))
        : Optional.empty();
  }
}
