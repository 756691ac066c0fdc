package io.phoenix.orchestrator.runtime;

import io.phoenix.orchestrator.saga.BuildState;
import java.util.HashMap;
import java.util.Map;

/** The builds of the events partitions this instance owns, by partition; the saga thread's own. */
final class OwnedBuilds {

  private final Map<Integer, Map<String, BuildState>> byPartition = new HashMap<>();

  BuildState get(int partition, String buildId) {
    return partition(partition).get(buildId);
  }

  Map<String, BuildState> partition(int partition) {
    return byPartition.getOrDefault(partition, Map.of());
  }

  Iterable<Integer> partitions() {
    return byPartition.keySet();
  }

  void put(int partition, BuildState state) {
    byPartition.computeIfAbsent(partition, p -> new HashMap<>()).put(state.buildId(), state);
  }

  void commit(Batch batch) {
    batch.staged.forEach((partition, states) -> states.values().forEach(s -> put(partition, s)));
  }

  void drop(int partition) {
    byPartition.remove(partition);
  }

  void clear() {
    byPartition.clear();
  }

  /** Ensures {@code partition} is known, even with no builds yet. */
  void own(int partition) {
    byPartition.computeIfAbsent(partition, p -> new HashMap<>());
  }
}
