package io.phoenix.simulator.world;

import java.util.List;

/**
 * What running a command inside a guest does to the world (install a package, write a config file,
 * start a service). The world records every command in the guest's exec log before it asks the
 * effects, so implementations only decide the result and change the guest's files.
 *
 * <p>Implementations are called concurrently for different guests and must be thread-safe.
 */
@FunctionalInterface
public interface CommandEffects {

  /**
   * Runs {@code argv} in {@code guest}.
   *
   * @param guest the guest the command runs in; its files may be read and written
   * @param argv program and arguments (no shell unless argv[0] is one)
   * @param stdin standard input, possibly empty
   * @return the exit code and output
   */
  ExecResult run(Guest guest, List<String> argv, byte[] stdin);

  /** The default: every command succeeds with exit 0 and no output, and changes nothing. */
  static CommandEffects succeedSilently() {
    return (guest, argv, stdin) -> ExecResult.ok();
  }
}
