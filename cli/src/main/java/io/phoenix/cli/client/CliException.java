package io.phoenix.cli.client;

/** An error the cli reports as one clear line (no stack trace) and exit code 1. */
public class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CliException(String message) {
    super(message);
  }
}
