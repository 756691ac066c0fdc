package io.phoenix.orchestrator.saga;

/** Where a build is in its life: accepted -> running -> succeeded | failed | cancelled. */
public enum BuildStatus {
  ACCEPTED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Whether the build still may dispatch steps. */
  public boolean isOpen() {
    return this == ACCEPTED || this == RUNNING;
  }
}
