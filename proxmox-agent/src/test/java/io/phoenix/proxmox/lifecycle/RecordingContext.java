package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A step context that keeps every progress message the handler sent. */
final class RecordingContext implements StepContext {

  final List<String> progress = new CopyOnWriteArrayList<>();
  private final String stepId;
  private final String buildId;

  RecordingContext(String buildId, String stepId) {
    this.buildId = buildId;
    this.stepId = stepId;
  }

  @Override
  public String buildId() {
    return buildId;
  }

  @Override
  public String stepId() {
    return stepId;
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public String instance() {
    return "proxmox-agent/test/1";
  }

  @Override
  public void progress(String message, Integer percent) {
    progress.add(message);
  }
}
