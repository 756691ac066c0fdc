package io.phoenix.common.contract;

import java.util.Set;

/** The CloudEvents {@code type} of every Phoenix event, and the form of command types. */
public final class EventTypes {

  public static final String BUILD_ACCEPTED = "phoenix.build.accepted";
  public static final String BUILD_REJECTED = "phoenix.build.rejected";
  public static final String BUILD_SUCCEEDED = "phoenix.build.succeeded";
  public static final String BUILD_FAILED = "phoenix.build.failed";
  public static final String BUILD_CANCELLED = "phoenix.build.cancelled";
  public static final String STEP_DISPATCHED = "phoenix.step.dispatched";
  public static final String STEP_STARTED = "phoenix.step.started";
  public static final String STEP_HEARTBEAT = "phoenix.step.heartbeat";
  public static final String STEP_PROGRESS = "phoenix.step.progress";
  public static final String STEP_SUCCEEDED = "phoenix.step.succeeded";
  public static final String STEP_FAILED = "phoenix.step.failed";

  /** Every event type; anything else on the events topic is skipped with a warning. */
  public static final Set<String> EVENTS =
      Set.of(
          BUILD_ACCEPTED,
          BUILD_REJECTED,
          BUILD_SUCCEEDED,
          BUILD_FAILED,
          BUILD_CANCELLED,
          STEP_DISPATCHED,
          STEP_STARTED,
          STEP_HEARTBEAT,
          STEP_PROGRESS,
          STEP_SUCCEEDED,
          STEP_FAILED);

  private static final String COMMAND_PREFIX = "phoenix.command.";

  private EventTypes() {}

  /** {@code phoenix.command.<agent>.<action>}, e.g. {@code phoenix.command.proxmox.clone}. */
  public static String command(Agent agent, String action) {
    return COMMAND_PREFIX + agent.id() + "." + action;
  }

  /** Whether {@code type} names a command for {@code agent}. */
  public static boolean isCommandFor(String type, Agent agent) {
    return type != null && type.startsWith(COMMAND_PREFIX + agent.id() + ".");
  }

  /** The action part of a command type ({@code clone} of {@code phoenix.command.proxmox.clone}). */
  public static String commandAction(String type) {
    int dot = type.indexOf('.', COMMAND_PREFIX.length());
    return dot < 0 ? "" : type.substring(dot + 1);
  }
}
