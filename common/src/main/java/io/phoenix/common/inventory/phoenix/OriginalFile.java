package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.LocatedTree;
import io.phoenix.common.inventory.Problem;
import io.phoenix.common.inventory.SourceMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One original phoenix JSON file being imported: typed access that reports wrong types instead of
 * throwing, and bookkeeping of which keys of an object were mapped so the rest become warnings.
 */
final class OriginalFile {

  private final LocatedTree tree;
  private final List<Problem> problems;

  OriginalFile(LocatedTree tree, List<Problem> problems) {
    this.tree = tree;
    this.problems = problems;
  }

  JsonNode root() {
    return tree.root();
  }

  SourceMap.Location locate(String path) {
    return tree.sources().locate(path);
  }

  void warn(String path, String message, String fix) {
    problems.add(tree.sources().warning(path, message, fix));
  }

  void error(String path, String message, String fix) {
    problems.add(tree.sources().error(path, message, fix));
  }

  /** An object being mapped: reads keys and remembers which were used. */
  final class Entry {
    final JsonNode node;
    final String path;
    final String who;
    private final Set<String> used = new HashSet<>();

    Entry(JsonNode node, String path, String who) {
      this.node = node;
      this.path = path;
      this.who = who;
    }

    String at(String key) {
      return path + "." + key;
    }

    boolean has(String key) {
      JsonNode value = node.get(key);
      return value != null && !value.isNull();
    }

    JsonNode raw(String key) {
      used.add(key);
      JsonNode value = node.get(key);
      return value == null || value.isNull() ? null : value;
    }

    /** Marks {@code key} mapped without reading it (its meaning is carried elsewhere). */
    void consume(String... keys) {
      used.addAll(List.of(keys));
    }

    String string(String key) {
      JsonNode value = raw(key);
      if (value == null) {
        return null;
      }
      if (value.isString() || value.isNumber() || value.isBoolean()) {
        return value.asString();
      }
      error(at(key), who + ": '" + key + "' should be a string", "write it as a string");
      return null;
    }

    /** An integer, also from a numeric string (the originals write ids as strings). */
    Integer integer(String key) {
      return toInteger(raw(key), at(key), key);
    }

    Integer toInteger(JsonNode value, String at, String key) {
      if (value == null) {
        return null;
      }
      if (value.isIntegralNumber() && value.canConvertToInt()) {
        return value.intValue();
      }
      if (value.isString() && value.asString().trim().matches("-?[0-9]{1,9}")) {
        return Integer.parseInt(value.asString().trim());
      }
      error(at, who + ": '" + key + "' should be a whole number, not " + value, "write a number");
      return null;
    }

    Boolean bool(String key) {
      JsonNode value = raw(key);
      if (value == null) {
        return null;
      }
      if (value.isBoolean()) {
        return value.booleanValue();
      }
      error(at(key), who + ": '" + key + "' should be true or false", "write true or false");
      return null;
    }

    List<String> strings(String key) {
      JsonNode value = raw(key);
      List<String> out = new ArrayList<>();
      if (value == null) {
        return out;
      }
      if (!value.isArray()) {
        error(at(key), who + ": '" + key + "' should be a list", "write a JSON array");
        return out;
      }
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        if (item.isString() || item.isNumber()) {
          out.add(item.asString());
        } else {
          error(
              at(key) + "[" + i + "]",
              who + ": '" + key + "' should list strings",
              "write a string");
        }
      }
      return out;
    }

    List<Integer> ids(String key) {
      JsonNode value = raw(key);
      List<Integer> out = new ArrayList<>();
      if (value == null) {
        return out;
      }
      if (!value.isArray()) {
        error(at(key), who + ": '" + key + "' should be a list of ids", "write a JSON array");
        return out;
      }
      for (int i = 0; i < value.size(); i++) {
        Integer id = toInteger(value.get(i), at(key) + "[" + i + "]", key);
        if (id != null) {
          out.add(id);
        }
      }
      return out;
    }

    /** A nested object, or null (an error when it is something else). */
    Entry object(String key) {
      JsonNode value = raw(key);
      if (value == null) {
        return null;
      }
      if (!value.isObject()) {
        error(at(key), who + ": '" + key + "' should be an object", "write a JSON object");
        return null;
      }
      return new Entry(value, at(key), who);
    }

    /** The objects of an array, each as an entry. */
    List<Entry> objects(String key) {
      JsonNode value = raw(key);
      List<Entry> out = new ArrayList<>();
      if (value == null) {
        return out;
      }
      if (!value.isArray()) {
        error(at(key), who + ": '" + key + "' should be a list", "write a JSON array");
        return out;
      }
      for (int i = 0; i < value.size(); i++) {
        if (value.get(i).isObject()) {
          out.add(new Entry(value.get(i), at(key) + "[" + i + "]", who));
        } else {
          error(
              at(key) + "[" + i + "]",
              who + ": items of '" + key + "' should be objects",
              "write JSON objects");
        }
      }
      return out;
    }

    /** A warning about {@code key} of this object. */
    void warnOne(String key, String message, String fix) {
      warn(at(key), message, fix);
    }

    /** Warns about every key that was neither read nor consumed, with a reason when known. */
    void warnUnmapped(Map<String, String> reasons) {
      for (String key : node.propertyNames()) {
        if (used.contains(key) || node.get(key).isNull()) {
          continue;
        }
        String reason = reasons.getOrDefault(key, "Phoenix has no equivalent");
        warn(
            at(key),
            who + ": '" + key + "' is not imported: " + reason,
            "review it and express what it needs in the inventory, or drop it");
      }
    }
  }

  Entry entry(JsonNode node, String path, String who) {
    return new Entry(node, path, who);
  }
}
