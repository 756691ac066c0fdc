package io.phoenix.simulator.pve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Parses and checks Proxmox property strings ({@code name=eth0,bridge=vmbr0,ip=dhcp}, {@code
 * local-lvm:0,import-from=local:import/x.img}) against their format description.
 */
final class PropertyStrings {

  private PropertyStrings() {}

  /** Parses into key -> value; a part without '=' belongs to {@code defaultKey}. */
  static Map<String, String> parse(String value, String defaultKey) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : value.split(",")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        out.put(defaultKey == null ? part : defaultKey, part);
      } else {
        out.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return out;
  }

  /** Formats key -> value back into a property string, the default key's value first and bare. */
  static String format(Map<String, String> values, String defaultKey) {
    StringBuilder out = new StringBuilder();
    if (defaultKey != null && values.containsKey(defaultKey)) {
      out.append(values.get(defaultKey));
    }
    values.forEach(
        (k, v) -> {
          if (!k.equals(defaultKey)) {
            out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v);
          }
        });
    return out.toString();
  }

  /** The format's default key (the one a bare value belongs to), if it has one. */
  static String defaultKey(JsonNode format) {
    for (Map.Entry<String, JsonNode> key : format.properties()) {
      if (key.getValue().path("default_key").asInt(0) == 1) {
        return key.getKey();
      }
    }
    return null;
  }

  /** The error for a property string, or null when it is valid. */
  static String check(String name, JsonNode format, String value) {
    Map<String, String> parsed = parse(value, defaultKey(format));
    StringBuilder errors = new StringBuilder();
    for (Map.Entry<String, String> entry : parsed.entrySet()) {
      Optional<JsonNode> spec = resolve(format, entry.getKey());
      if (spec.isEmpty()) {
        errors
            .append('\n')
            .append(name)
            .append('.')
            .append(entry.getKey())
            .append(
                ": property is not defined in schema and the schema does not allow additional properties");
        continue;
      }
      String error =
          ParameterValidator.check(name + "." + entry.getKey(), spec.get(), entry.getValue());
      if (error != null) {
        errors
            .append('\n')
            .append(name)
            .append('.')
            .append(entry.getKey())
            .append(": ")
            .append(error);
      }
    }
    for (Map.Entry<String, JsonNode> key : format.properties()) {
      JsonNode spec = key.getValue();
      if (!spec.has("alias")
          && !spec.has("default")
          && spec.path("optional").asInt(0) != 1
          && !parsed.containsKey(key.getKey())) {
        errors
            .append('\n')
            .append(name)
            .append('.')
            .append(key.getKey())
            .append(": property is missing and it is not optional");
      }
    }
    return errors.length() == 0 ? null : "invalid format - format error" + errors;
  }

  private static Optional<JsonNode> resolve(JsonNode format, String key) {
    JsonNode spec = format.get(key);
    if (spec != null && spec.has("alias")) {
      spec = format.get(spec.get("alias").asString());
    }
    return Optional.ofNullable(spec);
  }
}
