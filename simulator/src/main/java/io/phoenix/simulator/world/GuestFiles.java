package io.phoenix.simulator.world;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A guest's in-memory filesystem: absolute paths to file contents. Directories are implicit. It is
 * what {@code agent/file-write}, {@code pct push} and command effects write, and what {@code
 * agent/file-read} and later commands see. Thread-safe.
 */
public final class GuestFiles {

  private final ConcurrentSkipListMap<String, byte[]> files = new ConcurrentSkipListMap<>();

  /** The file's content, or empty when there is no such file. */
  public Optional<byte[]> read(String path) {
    return Optional.ofNullable(files.get(normalise(path))).map(byte[]::clone);
  }

  /** Creates or replaces the file. */
  public void write(String path, byte[] content) {
    files.put(normalise(path), content.clone());
  }

  /** Whether the file exists. */
  public boolean exists(String path) {
    return files.containsKey(normalise(path));
  }

  /** Deletes the file; returns whether it existed. */
  public boolean delete(String path) {
    return files.remove(normalise(path)) != null;
  }

  /** Every file path, sorted. */
  public List<String> paths() {
    return List.copyOf(files.keySet());
  }

  void copyFrom(GuestFiles other) {
    files.clear();
    for (Map.Entry<String, byte[]> file : other.files.entrySet()) {
      files.put(file.getKey(), file.getValue().clone());
    }
  }

  void clear() {
    files.clear();
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
