package io.phoenix.simulator.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies and removals of container trees. They hold device nodes, sockets and symlinks that point
 * anywhere on the host, so they go through coreutils, which never follow a link out of the tree
 * ({@code cp -a} copies links as links, {@code rm --one-file-system} stays on one file system).
 */
final class Disk {

  private static final Duration LIMIT = Duration.ofMinutes(20);

  private Disk() {}

  /** Copies the tree {@code source} to {@code target} (which must not exist), as it is. */
  static void copyTree(Path source, Path target) {
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new LabException("cannot copy " + source + ": " + target + " already exists");
    }
    HostCommand.check(
        List.of("cp", "-a", "--reflink=auto", source.toString(), target.toString()), null, LIMIT);
  }

  /** Removes the tree {@code path}, if it is there. */
  static void remove(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    HostCommand.check(
        List.of("rm", "-rf", "--one-file-system", "--", path.toString()), null, LIMIT);
  }

  /** Deletes the regular files directly in {@code dir} whose names end with {@code suffix}. */
  static void removeMatching(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
