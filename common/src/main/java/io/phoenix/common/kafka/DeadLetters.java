package io.phoenix.common.kafka;

import io.phoenix.common.contract.MalformedRecordException;

/** What Phoenix adds to a record it sends to a dead-letter topic. */
public final class DeadLetters {

  /** Header with a one-line, human-readable reason the record could not be processed. */
  public static final String REASON_HEADER = "phoenix-dlt-reason";

  private DeadLetters() {}

  /** The most telling message in {@code failure}'s cause chain. */
  public static String reason(Throwable failure) {
    Throwable best = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MalformedRecordException) {
        return t.getMessage();
      }
      if (t.getMessage() != null) {
        best = t;
      }
    }
    String message = best.getMessage();
    return message == null ? best.getClass().getSimpleName() : message;
  }
}
