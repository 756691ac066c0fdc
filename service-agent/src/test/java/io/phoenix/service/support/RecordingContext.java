package io.phoenix.service.support;

import io.phoenix.common.agent.StepContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A step context that keeps the progress messages a handler published. */
public final class RecordingContext implements StepContext {

  public final List<String> progress = new CopyOnWriteArrayList<>();
  private final String stepId;

  public RecordingContext(String stepId) {
    this.stepId = stepId;
  }

  @Override
  public String buildId() {
    return "build-test";
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
    return "service-agent/test/1";
  }

  @Override
  public void progress(String message, Integer percent) {
    progress.add(message);
  }
}
