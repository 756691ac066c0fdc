package io.phoenix.common.inventory;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each part of an inventory came from: JSON path ({@code $.guests[2].cores}) to file and
 * line. A path that was not recorded resolves to its nearest recorded ancestor, so a problem about
 * a missing key points at the object that lacks it.
 */
public final class SourceMap {

  /** A file and a 1-based line (0 when unknown). */
  public record Location(String file, int line) {}

  private final Map<String, Location> locations = new HashMap<>();
  private final String defaultFile;

  public SourceMap(String defaultFile) {
    this.defaultFile = defaultFile;
  }

  /** An empty map: every path resolves to no file. */
  public static SourceMap none() {
    return new SourceMap(null);
  }

  /** Records {@code path} at {@code location} unless the path already has one. */
  public void put(String path, Location location) {
    locations.putIfAbsent(path, location);
  }

  /** Records {@code path} at {@code location}, replacing what was there. */
  public void replace(String path, Location location) {
    locations.put(path, location);
  }

  /** The location of {@code path} or of its nearest recorded ancestor. */
  public Location locate(String path) {
    String current = path;
    while (current != null && !current.isEmpty()) {
      Location found = locations.get(current);
      if (found != null) {
        return found;
      }
      current = parent(current);
    }
    return new Location(defaultFile, 0);
  }

  /** A problem located at {@code path}. */
  public Problem error(String path, String message, String fix) {
    Location at = locate(path);
    return new Problem(Problem.Severity.ERROR, at.file(), at.line(), path, message, fix);
  }

  /** A warning located at {@code path}. */
  public Problem warning(String path, String message, String fix) {
    Location at = locate(path);
    return new Problem(Problem.Severity.WARNING, at.file(), at.line(), path, message, fix);
  }

  static String parent(String path) {
    if (path.endsWith("]")) {
      int open = path.lastIndexOf('[');
      return open <= 0 ? null : path.substring(0, open);
    }
    int dot = path.lastIndexOf('.');
    return dot <= 0 ? null : path.substring(0, dot);
  }
}
