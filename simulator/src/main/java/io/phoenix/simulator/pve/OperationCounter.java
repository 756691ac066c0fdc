package io.phoenix.simulator.pve;

import java.util.Map;
import java.util.TreeMap;

/** Counts every accepted mutating operation per target (a vmid, or a volid for downloads). */
final class OperationCounter {

  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();

  synchronized void count(String target, String operation) {
    counts.computeIfAbsent(target, t -> new TreeMap<>()).merge(operation, 1, Integer::sum);
  }

  synchronized Map<String, Map<String, Integer>> snapshot() {
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    return copy;
  }

  synchronized void reset() {
    counts.clear();
  }
}
