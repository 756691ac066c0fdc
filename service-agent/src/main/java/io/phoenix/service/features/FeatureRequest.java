package io.phoenix.service.features;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.Guest;
import io.phoenix.service.params.Settings;
import io.phoenix.service.scripts.StepAbort;
import java.util.Map;
import java.util.Optional;

/**
 * What a feature is rendered from: the guest's inventory entry, the feature's settings ({@code
 * params.settings}), the whole params (for fallbacks such as {@code params.ca}) and the step's
 * inputs.
 */
record FeatureRequest(Guest guest, Settings settings, Settings params, Map<String, String> inputs) {

  /** {@code settings.<key>}, else {@code params.<section>.<fallbackKey>}, else null. */
  String text(String key, String section, String fallbackKey) {
    String value = settings.text(key, null);
    return value != null ? value : params.child(section).text(fallbackKey, null);
  }

  String requiredInput(String name) throws StepAbort {
    String value = inputs.get(name);
    if (value == null || value.isBlank()) {
      throw StepAbort.invalid(
          "inputs." + name + " is missing: the planner wires it from an earlier step's output");
    }
    return value;
  }

  /** The guest's certificate that the feature {@code feature} serves with, if any. */
  Optional<CertificateSpec> certificateFor(String feature) {
    return guest.certificates().stream().filter(c -> feature.equals(c.feature())).findFirst();
  }
}
