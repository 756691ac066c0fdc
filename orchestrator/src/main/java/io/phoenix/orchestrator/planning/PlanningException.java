package io.phoenix.orchestrator.planning;

/**
 * A request the planner cannot turn into a DAG: an unknown guest, a cycle, a template other guests
 * still clone from. The message names what is wrong and what to do; the orchestrator sends it as
 * the {@code reason} of {@code phoenix.build.rejected}.
 */
public class PlanningException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PlanningException(String message) {
    super(message);
  }
}
