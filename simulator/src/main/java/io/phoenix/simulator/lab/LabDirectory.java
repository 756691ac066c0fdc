package io.phoenix.simulator.lab;

import java.nio.file.Path;

/**
 * Where the lab keeps everything it makes on disk: the cached Debian rootfs, the containers (an LXC
 * path of their own, so no other container on this machine is ever listed or touched), and the
 * artifacts its mirror serves. Nothing the lab writes lives anywhere else.
 *
 * @param root the data directory ({@code --data-dir}); default {@link #defaultLocation()}
 */
public record LabDirectory(Path root) {

  public LabDirectory {
    root = root.toAbsolutePath().normalize();
  }

  /**
   * {@code $XDG_CACHE_HOME/phoenix/lab}, else {@code ~/.cache/phoenix/lab}: outside any clone, so
   * every clone (and every CI run on this machine) reuses the rootfs made once.
   */
  public static LabDirectory defaultLocation() {
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache")
            : Path.of(cache);
    return new LabDirectory(base.resolve("phoenix").resolve("lab"));
  }

  /** The cached Debian 12 rootfs every container starts as a copy of. */
  public Path rootfsCache() {
    return root.resolve("rootfs").resolve("debian-12-amd64");
  }

  /** The LXC path of the lab's containers ({@code lxc-* -P}). */
  public Path containers() {
    return root.resolve("containers");
  }

  /** The files the lab's artifact mirror serves. */
  public Path artifacts() {
    return root.resolve("artifacts");
  }

  /** Says the lab turned IPv4 forwarding on (so its cleanup turns it off again). */
  public Path forwardingMarker() {
    return root.resolve("ip_forward.enabled-by-lab");
  }

  /** The lab's copy of the inventory, with its artifacts pointing at the mirror. */
  public Path inventory() {
    return root.resolve("inventory.yaml");
  }
}
