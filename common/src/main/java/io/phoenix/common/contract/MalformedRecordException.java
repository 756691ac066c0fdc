package io.phoenix.common.contract;

/** A record that is not a readable Phoenix message; its message says what is wrong. */
public class MalformedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
