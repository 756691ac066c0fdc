package io.phoenix.simulator.effects;

import java.time.Duration;
import java.util.List;

/**
 * A fault for commands run inside guests: a command whose argv, joined by spaces, contains {@code
 * match} (in guest {@code vmid}, or any guest when null) fails with {@code exitCode} and {@code
 * stderr}, or with {@code hang} set blocks that long (or until its {@code timeout} wrapper would
 * kill it, answering 124 like coreutils).
 *
 * @param id assigned when added
 * @param vmid the guest, or null for all
 * @param match a substring of the joined argv (after any {@code timeout} wrapper)
 * @param exitCode exit code of a failing command
 * @param stderr its standard error
 * @param hang how long a hanging command blocks; null for a plain failure
 * @param count how many matching commands it hits; null for every one
 */
public record CommandFault(
    String id,
    Integer vmid,
    String match,
    int exitCode,
    String stderr,
    Duration hang,
    Integer count) {

  /** Matching commands exit {@code exitCode} with {@code stderr}. */
  public static CommandFault fail(Integer vmid, String match, int exitCode, String stderr) {
    return new CommandFault(null, vmid, match, exitCode, stderr, null, null);
  }

  /** Matching commands block for {@code hang}. */
  public static CommandFault hang(Integer vmid, String match, Duration hang) {
    return new CommandFault(null, vmid, match, 0, "", hang, null);
  }

  boolean matches(int guest, List<String> argv) {
    return (vmid == null || vmid == guest) && String.join(" ", argv).contains(match);
  }

  CommandFault withId(String newId) {
    return new CommandFault(newId, vmid, match, exitCode, stderr, hang, count);
  }

  CommandFault used() {
    return new CommandFault(
        id, vmid, match, exitCode, stderr, hang, count == null ? null : count - 1);
  }
}
