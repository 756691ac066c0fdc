package io.phoenix.common.agent;

/** What a {@link StepHandler} knows of the step it runs, and how it reports progress. */
public interface StepContext {

  String buildId();

  String stepId();

  int attempt();

  /** This agent instance, e.g. {@code proxmox-agent/host/4711}. */
  String instance();

  /**
   * Publishes a {@code phoenix.step.progress} event (a task log line, a phase). Never pass a
   * secret.
   *
   * @param percent 0..100, or null when unknown
   */
  void progress(String message, Integer percent);
}
