package io.phoenix.service.params;

import io.phoenix.service.scripts.StepAbort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Typed reads of a JSON object from a command's params, failing with a message that names the
 * missing or wrong key.
 */
public final class Settings {

  private final String where;
  private final JsonNode node;

  public Settings(String where, JsonNode node) {
    this.where = where;
    this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
  }

  public JsonNode node() {
    return node;
  }

  public boolean has(String key) {
    JsonNode value = node.path(key);
    return !value.isMissingNode() && !value.isNull();
  }

  public String text(String key, String fallback) {
    JsonNode value = node.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (value.isContainer()) {
      throw new IllegalArgumentException(where + "." + key + " must be a single value");
    }
    return value.asString();
  }

  public String required(String key) throws StepAbort {
    String value = text(key, null);
    if (value == null || value.isBlank()) {
      throw StepAbort.invalid(where + "." + key + " is missing: the planner must set it");
    }
    return value;
  }

  public int integer(String key, int fallback) throws StepAbort {
    String value = text(key, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw StepAbort.invalid(where + "." + key + " must be a number, got '" + value + "'");
    }
  }

  public List<String> list(String key) {
    JsonNode value = node.path(key);
    List<String> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(v -> items.add(v.asString()));
    } else if (!value.isMissingNode() && !value.isNull()) {
      items.add(value.asString());
    }
    return items;
  }

  public Map<String, String> map(String key) {
    Map<String, String> items = new LinkedHashMap<>();
    node.path(key).properties().forEach(e -> items.put(e.getKey(), e.getValue().asString()));
    return items;
  }

  public Settings child(String key) {
    return new Settings(where + "." + key, node.path(key));
  }

  public List<Settings> children(String key) {
    List<Settings> items = new ArrayList<>();
    JsonNode value = node.path(key);
    for (int i = 0; i < value.size(); i++) {
      items.add(new Settings(where + "." + key + "[" + i + "]", value.get(i)));
    }
    return items;
  }
}
