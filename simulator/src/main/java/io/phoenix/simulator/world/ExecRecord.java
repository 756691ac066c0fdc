package io.phoenix.simulator.world;

import java.time.Instant;
import java.util.List;

/**
 * One command that ran inside a guest, as the exec log keeps it (stdin is not kept: it may hold
 * secrets; only its length is).
 *
 * @param at when it ran
 * @param argv program and arguments
 * @param stdinBytes how many bytes of standard input it got
 * @param exitCode its exit code
 */
public record ExecRecord(Instant at, List<String> argv, int stdinBytes, int exitCode) {

  public ExecRecord {
    argv = List.copyOf(argv);
  }
}
