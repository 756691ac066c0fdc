package io.phoenix.service.exec;

import java.time.Duration;

/** Told now and then while a long command runs, so the step can report that it still works. */
@FunctionalInterface
public interface ExecProgress {

  /** The command has been running for {@code elapsed}. */
  void stillRunning(Duration elapsed);

  static ExecProgress none() {
    return elapsed -> {};
  }
}
