package io.phoenix.service.exec;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A command to run inside a guest.
 *
 * @param argv program and arguments; no shell is involved unless argv[0] is one
 * @param stdin standard input (may be empty)
 * @param deadline how long it may run; the channel kills it (inside the guest, with {@code
 *     timeout}) and stops waiting when it is over
 */
public record ExecRequest(List<String> argv, byte[] stdin, Duration deadline) {

  public ExecRequest {
    if (argv == null || argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program");
    }
    argv = List.copyOf(argv);
    stdin = stdin == null ? new byte[0] : stdin.clone();
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("a command needs a positive deadline");
    }
  }

  public static ExecRequest of(Duration deadline, String... argv) {
    return new ExecRequest(List.of(argv), new byte[0], deadline);
  }

  /**
   * The argv wrapped in coreutils {@code timeout}, so a hanging command is killed inside the guest
   * (TERM at the deadline, KILL five seconds later) even when the channel cannot kill it.
   */
  List<String> argvWithTimeout() {
    long seconds = Math.max(1, (deadline.toMillis() + 999) / 1000);
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of("timeout", "-k", "5", Long.toString(seconds)), argv.stream())
        .toList();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExecRequest r
        && r.argv.equals(argv)
        && Arrays.equals(r.stdin, stdin)
        && r.deadline.equals(deadline);
  }

  @Override
  public int hashCode() {
    return argv.hashCode() * 31 + deadline.hashCode();
  }

  @Override
  public String toString() {
    return "ExecRequest[argv="
        + argv
        + ", stdin="
        + stdin.length
        + " bytes, deadline="
        + deadline
        + "]";
  }
}
