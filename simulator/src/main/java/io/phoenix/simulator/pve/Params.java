package io.phoenix.simulator.pve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Validated request parameters: path variables, query and body, each key with its values. */
final class Params {

  private final Map<String, List<String>> values;

  Params(Map<String, List<String>> values) {
    this.values = new LinkedHashMap<>(values);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  Optional<String> get(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty()
        ? Optional.empty()
        : Optional.of(list.get(list.size() - 1));
  }

  String string(String name) {
    return get(name)
        .orElseThrow(
            () -> PveException.invalid(name, "property is missing and it is not optional"));
  }

  String string(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  int integer(String name) {
    return Integer.parseInt(stripPlus(string(name)));
  }

  Optional<Integer> optionalInteger(String name) {
    return get(name).map(v -> Integer.parseInt(stripPlus(v)));
  }

  boolean bool(String name, boolean fallback) {
    return get(name).map("1"::equals).orElse(fallback);
  }

  List<String> list(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** Every parameter with its last value, in request order. */
  Map<String, String> single() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(v.size() - 1)));
    return out;
  }

  private static String stripPlus(String value) {
    return value.startsWith("+") ? value.substring(1) : value;
  }
}
