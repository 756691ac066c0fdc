package io.phoenix.service.features;

import io.phoenix.service.scripts.ScriptRunner;
import io.phoenix.service.scripts.StepAbort;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One entry of the feature catalog: the settings its script is rendered with, the files it
 * installs, and what it outputs. The script (classpath {@code service-agent/features/<name>.sh})
 * has three modes: {@code check} (is it applied?), {@code apply} (idempotent), {@code verify} (does
 * the service work?).
 */
interface Feature {

  String name();

  /** Script variables in declaration order: String or List of String values. */
  Map<String, Object> variables(FeatureRequest request) throws StepAbort;

  /**
   * Shell libraries ({@code features/lib/<name>.sh}) rendered between the settings and the body,
   * for what several scripts share.
   */
  default List<String> libraries() {
    return List.of();
  }

  /** Files staged next to the script, by file name. */
  default Map<String, byte[]> files(FeatureRequest request) throws StepAbort {
    return Map.of();
  }

  /** Public outputs once the feature is applied (read from the guest). */
  default Map<String, String> outputs(ScriptRunner guest) throws StepAbort, InterruptedException {
    return Map.of();
  }

  default Duration applyDeadline() {
    return Duration.ofMinutes(20);
  }
}
