package io.phoenix.service.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a command run inside a guest produced.
 *
 * @param exitCode the process exit code
 * @param stdout standard output (possibly cut: see {@code truncated})
 * @param stderr standard error
 * @param truncated whether the channel could not carry all the output; read large results from a
 *     file instead
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr, boolean truncated) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  /** The last {@code lines} non-blank lines of standard error, for a failure report. */
  public String stderrTail(int lines) {
    return tail(stderrText(), lines);
  }

  /** The last {@code lines} non-blank lines of standard output. */
  public String stdoutTail(int lines) {
    return tail(stdoutText(), lines);
  }

  static String tail(String text, int lines) {
    List<String> all = Arrays.stream(text.split("\\R")).filter(l -> !l.isBlank()).toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExecResult r
        && r.exitCode == exitCode
        && r.truncated == truncated
        && Arrays.equals(r.stdout, stdout)
        && Arrays.equals(r.stderr, stderr);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * exitCode + Arrays.hashCode(stdout)) + Arrays.hashCode(stderr);
  }

  @Override
  public String toString() {
    return "ExecResult[exitCode="
        + exitCode
        + ", stdout="
        + stdout.length
        + " bytes, stderr="
        + stderr.length
        + " bytes"
        + (truncated ? ", truncated" : "")
        + "]";
  }
}
