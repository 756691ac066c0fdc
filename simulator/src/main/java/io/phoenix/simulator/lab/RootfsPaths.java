package io.phoenix.simulator.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A path inside a stopped container's rootfs as a path on this machine, resolved the way the
 * container itself would see it: symlinks are followed with the rootfs as {@code /}, and {@code ..}
 * never climbs above it. The lab runs as root, so a link in a guest such as {@code /etc/resolv.conf
 * -> /etc/shadow} must land on the guest's file, never on this machine's.
 *
 * <p>Only for stopped containers (nothing inside can swap a directory for a link meanwhile); a
 * running container's files go through {@code lxc-attach}.
 */
final class RootfsPaths {

  private static final int MAX_LINKS = 40;

  private RootfsPaths() {}

  /**
   * Where {@code guestPath} (absolute) is under {@code rootfs}, with every symlink on the way
   * resolved inside it. The last component may not exist yet; when it is a symlink it is followed
   * too.
   */
  static Path resolve(Path rootfs, String guestPath) throws IOException {
    if (!guestPath.startsWith("/")) {
      throw new IllegalArgumentException("guest paths are absolute, got: " + guestPath);
    }
    Deque<String> todo = new ArrayDeque<>(split(guestPath));
    Deque<String> done = new ArrayDeque<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.removeFirst();
      if (part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        done.pollLast();
        continue;
      }
      Path candidate = join(rootfs, done).resolve(part);
      if (Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many levels of symbolic links in " + guestPath);
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> parts = split(target);
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
        continue;
      }
      if (!todo.isEmpty()
          && Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(guestPath + ": not a directory");
      }
      done.addLast(part);
    }
    return join(rootfs, done);
  }

  private static Path join(Path rootfs, Deque<String> parts) {
    Path path = rootfs;
    for (String part : parts) {
      path = path.resolve(part);
    }
    return path;
  }

  private static List<String> split(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
  }
}
