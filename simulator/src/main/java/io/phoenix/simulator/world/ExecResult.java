package io.phoenix.simulator.world;

import java.nio.charset.StandardCharsets;

/**
 * What a command run inside a guest produced.
 *
 * @param exitCode the process exit code
 * @param stdout standard output bytes
 * @param stderr standard error bytes
 */
public record ExecResult(int exitCode, byte[] stdout, byte[] stderr) {

  /** Exit 0 with no output. */
  public static ExecResult ok() {
    return new ExecResult(0, new byte[0], new byte[0]);
  }

  /** Exit 0 with the given standard output. */
  public static ExecResult ok(String stdout) {
    return new ExecResult(0, stdout.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  /** A failure with the given exit code and standard error. */
  public static ExecResult failed(int exitCode, String stderr) {
    return new ExecResult(exitCode, new byte[0], stderr.getBytes(StandardCharsets.UTF_8));
  }

  /** Standard output decoded as UTF-8. */
  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Standard error decoded as UTF-8. */
  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }
}
