package io.phoenix.pki;

import tools.jackson.databind.JsonNode;

/** Reads text fields of a command's params, treating absent, JSON null and blank alike. */
public final class CommandParams {

  private CommandParams() {}

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
