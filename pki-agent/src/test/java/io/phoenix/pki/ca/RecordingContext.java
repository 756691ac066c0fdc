package io.phoenix.pki.ca;

import io.phoenix.common.agent.StepContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A step context that keeps the progress messages, so tests can check them for secrets. */
record RecordingContext(String stepId, List<String> progress) implements StepContext {

  RecordingContext(String stepId) {
    this(stepId, new CopyOnWriteArrayList<>());
  }

  @Override
  public String buildId() {
    return "build-test";
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public String instance() {
    return "pki-agent/test/1";
  }

  @Override
  public void progress(String message, Integer percent) {
    progress.add(message);
  }
}
