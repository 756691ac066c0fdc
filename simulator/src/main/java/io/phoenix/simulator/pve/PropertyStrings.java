package io.phoenix.simulator.pve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

  /** Parses {@code value} and prints it again, as Proxmox writes what it was given. */
  static String normalize(String value, JsonNode format) {
    return print(read(value, format), format);
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

  /**
   * Parses as {@code parse_property_string} does: a bare part belongs to the default key, and an
   * alias resolves to its target; an alias that names a key alias ({@code virtio=BC:24:11:...} on a
   * NIC) sets both ({@code model=virtio}, {@code macaddr=BC:24:11:...}).
   */
  static Map<String, String> read(String value, JsonNode format) {
    Map<String, String> out = new LinkedHashMap<>();
    parse(value, defaultKey(format))
        .forEach(
            (key, v) -> {
              JsonNode spec = format.path(key);
              if (spec.has("alias")) {
                if (spec.has("keyAlias")) {
                  out.put(spec.get("keyAlias").asString(), key);
                }
                out.put(spec.get("alias").asString(), v);
              } else {
                out.put(key, v);
              }
            });
    return out;
  }

  /**
   * Prints as {@code print_property_string} does: the default key's bare value first (combined with
   * its key alias, {@code virtio=BC:24:11:...}), then the keys that are not optional, then the
   * rest, each group sorted by key; disk sizes the way Proxmox writes them ({@code 8192M} is {@code
   * 8G}).
   */
  static String print(Map<String, String> values, JsonNode format) {
    String defaultKey = defaultKey(format);
    String combined = null;
    for (Map.Entry<String, JsonNode> key : format.properties()) {
      JsonNode spec = key.getValue();
      if (spec.has("keyAlias") && spec.path("keyAlias").asString().equals(defaultKey)) {
        combined = spec.get("alias").asString();
      }
    }
    List<String> parts = new ArrayList<>();
    Set<String> done = new HashSet<>();
    if (defaultKey != null && values.containsKey(defaultKey)) {
      String bare = values.get(defaultKey);
      if (combined != null && values.containsKey(combined)) {
        parts.add(bare + "=" + values.get(combined));
        done.add(combined);
      } else {
        parts.add(bare);
      }
      done.add(defaultKey);
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(values.keySet()));
    for (boolean required : new boolean[] {true, false}) {
      for (String key : keys) {
        JsonNode spec = format.path(key);
        boolean optional = spec.path("optional").asInt(0) == 1;
        if (done.contains(key) || (required && optional)) {
          continue;
        }
        done.add(key);
        String value = values.get(key);
        if ("disk-size".equals(spec.path("format").asString(""))) {
          value = GuestAccess.sizeText(GuestAccess.sizeBytes(value));
        }
        parts.add(key + "=" + value);
      }
    }
    return String.join(",", parts);
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
    // "virtio=BC:24:11:..." names the model through its key alias
    Map<String, String> resolved = read(value, format);
    for (Map.Entry<String, JsonNode> key : format.properties()) {
      JsonNode spec = key.getValue();
      if (!spec.has("alias")
          && !spec.has("default")
          && spec.path("optional").asInt(0) != 1
          && !resolved.containsKey(key.getKey())) {
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
