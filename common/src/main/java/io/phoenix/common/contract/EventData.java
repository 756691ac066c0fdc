package io.phoenix.common.contract;

/**
 * The {@code data} of a Phoenix event, one record per event type.
 *
 * <p>Switches over it are exhaustive; {@link #type()} is the CloudEvents type it travels as.
 */
public sealed interface EventData
    permits BuildAccepted,
        BuildRejected,
        BuildSucceeded,
        BuildFailed,
        BuildCancelled,
        StepDispatched,
        StepStarted,
        StepHeartbeat,
        StepProgress,
        StepOutcome {

  /** The CloudEvents type of this data, one of {@link EventTypes#EVENTS}. */
  String type();

  /** The record class that carries the data of {@code type}, or null for an unknown type. */
  static Class<? extends EventData> classOf(String type) {
    return switch (type) {
      case EventTypes.BUILD_ACCEPTED -> BuildAccepted.class;
      case EventTypes.BUILD_REJECTED -> BuildRejected.class;
      case EventTypes.BUILD_SUCCEEDED -> BuildSucceeded.class;
      case EventTypes.BUILD_FAILED -> BuildFailed.class;
      case EventTypes.BUILD_CANCELLED -> BuildCancelled.class;
      case EventTypes.STEP_DISPATCHED -> StepDispatched.class;
      case EventTypes.STEP_STARTED -> StepStarted.class;
      case EventTypes.STEP_HEARTBEAT -> StepHeartbeat.class;
      case EventTypes.STEP_PROGRESS -> StepProgress.class;
      case EventTypes.STEP_SUCCEEDED -> StepSucceeded.class;
      case EventTypes.STEP_FAILED -> StepFailed.class;
      default -> null;
    };
  }
}
