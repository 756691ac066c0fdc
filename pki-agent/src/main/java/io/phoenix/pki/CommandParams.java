package io.phoenix.pki;

import tools.jackson.databind.JsonNode;

/** Reads text fields of a command's params, treating absent, JSON null and blank alike. */
public final class CommandParams {

  private CommandParams() {}

  /**
   * The provisioner's name: {@code params.provisioner} as text, or as an object's {@code name} (the
   * planner writes {@code {"provisioner":{"name":...}}}), else {@code fallback}.
   */
  public static String provisionerName(JsonNode params, String fallback) {
    JsonNode provisioner = params == null ? null : params.get("provisioner");
    if (provisioner != null && provisioner.isObject()) {
      return text(provisioner, "name", fallback);
    }
    return text(params, "provisioner", fallback);
  }

  /** {@code node.field} as text, or {@code fallback} when it is absent, null or blank. */
  public static String text(JsonNode node, String field, String fallback) {
    if (node == null) {
      return fallback;
    }
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return fallback;
    }
    String text = value.asString("");
    return text.isBlank() ? fallback : text.strip();
  }
}
