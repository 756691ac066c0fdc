package io.phoenix.simulator.world;

import java.util.List;

/**
 * One cluster node.
 *
 * @param name node name, e.g. {@code pve}
 * @param cpus number of CPUs it reports
 * @param memoryBytes memory it reports
 * @param storages its storages
 */
public record NodeConfig(String name, int cpus, long memoryBytes, List<StorageConfig> storages) {

  public NodeConfig {
    storages = List.copyOf(storages);
  }
}
