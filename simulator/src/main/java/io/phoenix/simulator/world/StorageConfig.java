package io.phoenix.simulator.world;

import java.util.List;

/**
 * One storage of a node.
 *
 * @param id storage id, e.g. {@code local}
 * @param type storage type, e.g. {@code dir} or {@code lvmthin}
 * @param content the content types it accepts ({@code vztmpl}, {@code iso}, {@code import}, {@code
 *     images}, {@code rootdir})
 * @param totalBytes capacity
 * @param volumes the volumes present at start (and after a reset)
 * @param shared whether every node reaches it (NFS, Ceph): only then can a guest's disks be cloned
 *     to another node
 */
public record StorageConfig(
    String id,
    String type,
    List<String> content,
    long totalBytes,
    List<Volume> volumes,
    boolean shared) {

  public StorageConfig {
    content = List.copyOf(content);
    volumes = List.copyOf(volumes);
  }

  /** A storage of one node only, as {@code local} and {@code local-lvm} are. */
  public StorageConfig(
      String id, String type, List<String> content, long totalBytes, List<Volume> volumes) {
    this(id, type, content, totalBytes, volumes, false);
  }

  /** Whether this storage holds the given content type. */
  public boolean accepts(String contentType) {
    return content.contains(contentType);
  }
}
