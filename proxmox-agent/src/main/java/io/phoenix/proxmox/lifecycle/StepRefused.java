package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.StepFailed;

/** Thrown by an action that found a condition it cannot converge; carries the failure to report. */
final class StepRefused extends RuntimeException {

  private final transient StepFailed failure;

  StepRefused(StepFailed failure) {
    super(failure.message());
    this.failure = failure;
  }

  StepFailed failure() {
    return failure;
  }
}
