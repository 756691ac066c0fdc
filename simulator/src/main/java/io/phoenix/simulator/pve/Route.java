package io.phoenix.simulator.pve;

import java.util.List;
import java.util.Map;

/**
 * One API endpoint: method, path template (as the schema names it), the operation name used by
 * faults and the operation counter, whether it changes the world, and its handler.
 */
record Route(String method, String template, String operation, boolean mutating, Handler handler) {

  /** Answers one validated call with the value of {@code data}. */
  @FunctionalInterface
  interface Handler {
    Object handle(Call call);
  }

  /** The path variables when {@code path} matches this template, else null. */
  Map<String, String> match(List<String> segments) {
    String[] parts = template.substring(1).split("/");
    if (parts.length != segments.size()) {
      return null;
    }
    Map<String, String> vars = new java.util.LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.startsWith("{") && part.endsWith("}")) {
        vars.put(part.substring(1, part.length() - 1), segments.get(i));
      } else if (!part.equals(segments.get(i))) {
        return null;
      }
    }
    return vars;
  }
}
