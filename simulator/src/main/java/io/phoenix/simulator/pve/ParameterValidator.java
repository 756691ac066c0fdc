package io.phoenix.simulator.pve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * Checks request parameters against the endpoint's schema the way PVE::JSONSchema does: unknown and
 * missing properties, types (booleans only as 1/0 on the wire), ranges, lengths, enums, patterns,
 * the formats Phoenix meets, and property strings ({@code net0=name=eth0,...}).
 */
final class ParameterValidator {

  private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d+$");
  private static final Pattern NUMBER =
      Pattern.compile("^[+-]?(\\d+|\\d*\\.\\d+)([eE][+-]?\\d+)?$");
  private static final Pattern BOOLEAN = Pattern.compile("^[01]$");
  private static final Pattern CONFIG_ID =
      Pattern.compile("^[a-z][a-z0-9_-]+$", Pattern.CASE_INSENSITIVE);
  private static final Pattern STORAGE_ID =
      Pattern.compile("^[a-z][a-z0-9\\-_.]*[a-z0-9]$", Pattern.CASE_INSENSITIVE);
  private static final Pattern URLENCODED = Pattern.compile("^[-%a-zA-Z0-9_.!~*'()]*$");
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
          Pattern.CASE_INSENSITIVE);
  private static final String NOT_DEFINED =
      "property is not defined in schema and the schema does not allow additional properties";
  private static final String MISSING = "property is missing and it is not optional";

  private final ApiSchema schema;

  ParameterValidator(ApiSchema schema) {
    this.schema = schema;
  }

  /** Validates and returns the parameters, or throws a 400 naming every bad one. */
  Params validate(String method, String template, Map<String, List<String>> input) {
    JsonNode properties = schema.parameters(method, template);
    Map<String, String> errors = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> entry : input.entrySet()) {
      String name = entry.getKey();
      Optional<JsonNode> property = ApiSchema.property(properties, name);
      if (property.isEmpty()) {
        errors.put(name, NOT_DEFINED);
        continue;
      }
      JsonNode spec = property.get();
      List<String> values = entry.getValue();
      if (!"array".equals(spec.path("type").asString(""))) {
        values = values.isEmpty() ? values : List.of(values.get(values.size() - 1));
      }
      for (String value : values) {
        String error = check(name, spec, value);
        if (error != null) {
          errors.put(name, error);
          break;
        }
      }
    }
    for (String name : ApiSchema.required(properties)) {
      if (!input.containsKey(name)) {
        errors.put(name, MISSING);
      }
    }
    if (!errors.isEmpty()) {
      throw PveException.invalid(errors);
    }
    return new Params(input);
  }

  /** The error for one value, or null when it is valid. */
  static String check(String name, JsonNode spec, String value) {
    String type = spec.path("type").asString("string");
    switch (type) {
      case "boolean":
        return BOOLEAN.matcher(value).matches()
            ? null
            : "type check ('boolean') failed - got '" + value + "'";
      case "integer":
        if (!INTEGER.matcher(value).matches()) {
          return "type check ('integer') failed - got '" + value + "'";
        }
        return range(spec, Double.parseDouble(value));
      case "number":
        if (!NUMBER.matcher(value).matches()) {
          return "type check ('number') failed - got '" + value + "'";
        }
        return range(spec, Double.parseDouble(value));
      case "array":
        JsonNode items = spec.path("items");
        return items.isMissingNode() ? null : check(name, items, value);
      default:
        return checkString(name, spec, value);
    }
  }

  private static String range(JsonNode spec, double value) {
    if (spec.has("minimum") && value < spec.get("minimum").asDouble()) {
      return "value must have a minimum value of " + spec.get("minimum").asString();
    }
    if (spec.has("maximum") && value > spec.get("maximum").asDouble()) {
      return "value must have a maximum value of " + spec.get("maximum").asString();
    }
    return null;
  }

  private static String checkString(String name, JsonNode spec, String value) {
    if (spec.has("maxLength") && value.length() > spec.get("maxLength").asInt()) {
      return "value may only be " + spec.get("maxLength").asInt() + " characters long";
    }
    if (spec.has("minLength") && value.length() < spec.get("minLength").asInt()) {
      return "value must be at least " + spec.get("minLength").asInt() + " characters long";
    }
    if (spec.has("enum")) {
      List<String> allowed = spec.get("enum").valueStream().map(JsonNode::asString).toList();
      if (!allowed.contains(value)) {
        return "value '"
            + value
            + "' does not have a value in the enumeration '"
            + String.join(", ", allowed)
            + "'";
      }
    }
    if (spec.has("pattern") && !matchesPattern(spec.get("pattern").asString(), value)) {
      return "value does not match the regex pattern";
    }
    JsonNode format = spec.path("format");
    if (format.isObject()) {
      return PropertyStrings.check(name, format, value);
    }
    return format.isString() ? checkFormat(format.asString(), value) : null;
  }

  static boolean matchesPattern(String perlPattern, String value) {
    String java = perlPattern.replace("(?^:", "(?:");
    try {
      return Pattern.compile("^(?:" + java + ")$").matcher(value).matches();
    } catch (PatternSyntaxException e) {
      return true; // a Perl-only construct: do not reject what Proxmox might accept
    }
  }

  private static String checkFormat(String format, String value) {
    switch (format) {
      case "pve-configid":
        return CONFIG_ID.matcher(value).matches()
            ? null
            : "invalid configuration ID '" + value + "'";
      case "pve-configid-list":
        for (String id : value.split("[,;\\s]+")) {
          if (!id.isEmpty() && !CONFIG_ID.matcher(id).matches()) {
            return "invalid configuration ID '" + id + "'";
          }
        }
        return null;
      case "pve-storage-id":
        return STORAGE_ID.matcher(value).matches()
            ? null
            : "storage ID '" + value + "' contains illegal characters";
      case "urlencoded":
        return URLENCODED.matcher(value).matches() ? null : "invalid urlencoded string: " + value;
      case "dns-name":
        return DNS_NAME.matcher(value).matches()
            ? null
            : "invalid format - value does not look like a valid DNS name";
      case "pve-node":
        return DNS_NAME.matcher(value).matches()
            ? null
            : "invalid format - value does not look like a valid node name";
      default:
        return null;
    }
  }
}
