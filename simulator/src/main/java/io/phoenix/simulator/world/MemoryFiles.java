package io.phoenix.simulator.world;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A simulated guest's filesystem, in memory: absolute paths to file contents. Directories are
 * implicit. Thread-safe.
 */
final class MemoryFiles implements GuestFiles {

  private final ConcurrentSkipListMap<String, byte[]> files = new ConcurrentSkipListMap<>();

  /** A new guest's files: an Ubuntu 24.04 {@code /etc/os-release} and its {@code /etc/hostname}. */
  static MemoryFiles seeded(GuestKind kind, Map<String, String> config) {
    MemoryFiles files = new MemoryFiles();
    files.write("/etc/os-release", OS_RELEASE.getBytes(StandardCharsets.UTF_8));
    String name = config.getOrDefault(kind == GuestKind.LXC ? "hostname" : "name", "localhost");
    files.write("/etc/hostname", (name + "\n").getBytes(StandardCharsets.UTF_8));
    return files;
  }

  private static final String OS_RELEASE =
      """
      PRETTY_NAME="Ubuntu 24.04.2 LTS"
      NAME="Ubuntu"
      VERSION_ID="24.04"
      VERSION="24.04.2 LTS (Noble Numbat)"
      ID=ubuntu
      ID_LIKE=debian
      VERSION_CODENAME=noble
      """;

  @Override
  public Optional<byte[]> read(String path) {
    return Optional.ofNullable(files.get(normalise(path))).map(byte[]::clone);
  }

  @Override
  public void write(String path, byte[] content) {
    files.put(normalise(path), content.clone());
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(normalise(path));
  }

  @Override
  public boolean delete(String path) {
    return files.remove(normalise(path)) != null;
  }

  @Override
  public List<String> paths() {
    return List.copyOf(files.keySet());
  }

  @Override
  public void copyFrom(GuestFiles other) {
    files.clear();
    for (String path : other.paths()) {
      other.read(path).ifPresent(content -> files.put(path, content));
    }
  }

  static String normalise(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("guest file paths must be absolute, got: " + path);
    }
    String collapsed = path.replaceAll("/+", "/");
    return collapsed.length() > 1 && collapsed.endsWith("/")
        ? collapsed.substring(0, collapsed.length() - 1)
        : collapsed;
  }
}
