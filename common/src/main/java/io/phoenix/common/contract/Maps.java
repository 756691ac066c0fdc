package io.phoenix.common.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep their order, so the same event always serialises the same way. */
final class Maps {

  private Maps() {}

  static <K, V> Map<K, V> ordered(Map<K, V> map) {
    return map == null || map.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
