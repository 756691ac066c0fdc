package io.phoenix.simulator.world;

import java.util.List;

/**
 * The nodes and storages of the simulated cluster.
 *
 * @param nodes the cluster nodes; the first one is where guests go when nothing else is said
 */
public record WorldConfig(List<NodeConfig> nodes) {

  /** The Ubuntu 24.04 container template present on {@code local} by default. */
  public static final String UBUNTU_TEMPLATE =
      "local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst";

  private static final long GIB = 1024L * 1024 * 1024;

  public WorldConfig {
    if (nodes == null || nodes.isEmpty()) {
      throw new IllegalArgumentException("the simulated world needs at least one node");
    }
    nodes = List.copyOf(nodes);
  }

  /**
   * One node {@code pve} with {@code local} (vztmpl, iso, import; holding the Ubuntu 24.04
   * ostemplate but not the cloud image, so that download-url is exercised) and {@code local-lvm}
   * (images, rootdir).
   */
  public static WorldConfig defaults() {
    return new WorldConfig(List.of(node("pve")));
  }

  /** A node with the default storages. */
  public static NodeConfig node(String name) {
    StorageConfig local =
        new StorageConfig(
            "local",
            "dir",
            List.of("vztmpl", "iso", "import"),
            100 * GIB,
            List.of(new Volume(UBUNTU_TEMPLATE, "vztmpl", "tzst", 141_187_420L)));
    StorageConfig lvm =
        new StorageConfig(
            "local-lvm", "lvmthin", List.of("images", "rootdir"), 400 * GIB, List.of());
    return new NodeConfig(name, 8, 32 * GIB, List.of(local, lvm));
  }
}
