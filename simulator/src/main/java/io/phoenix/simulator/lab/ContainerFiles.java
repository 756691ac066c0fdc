package io.phoenix.simulator.lab;

import io.phoenix.simulator.world.ExecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The files of one lab container, as {@code pct push}, the control API and the simulator's effects
 * see them. A running container's files are read and written from inside it ({@code lxc-attach}
 * with {@code cat} and {@code install}), so its own mount namespace and root resolve every path; a
 * stopped one's through {@link RootfsPaths}, which never follows a link out of its rootfs.
 */
final class ContainerFiles {

  private static final Duration LIMIT = Duration.ofMinutes(2);

  private final Lxc lxc;
  private final int vmid;

  ContainerFiles(Lxc lxc, int vmid) {
    this.lxc = lxc;
    this.vmid = vmid;
  }

  private Path rootfs() {
    return lxc.dir(vmid).resolve("rootfs");
  }

  /** The file's content, or empty when there is no such (regular) file. */
  Optional<byte[]> read(String path) {
    check(path);
    if (lxc.running(vmid)) {
      ExecResult cat = lxc.attach(vmid, List.of("cat", "--", path), null, LIMIT);
      return cat.exitCode() == 0 ? Optional.of(cat.stdout()) : Optional.empty();
    }
    try {
      Path file = RootfsPaths.resolve(rootfs(), path);
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(Files.readAllBytes(file))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Creates or replaces the file (mode 0644, parents created). */
  void write(String path, byte[] content) {
    check(path);
    if (lxc.running(vmid)) {
      ExecResult installed =
          lxc.attach(
              vmid, List.of("install", "-D", "-m", "0644", "/dev/stdin", path), content, LIMIT);
      if (installed.exitCode() != 0) {
        throw new LabException(
            "cannot write " + path + " in CT " + vmid + ": " + installed.stderrText().strip());
      }
      return;
    }
    try {
      Path file = RootfsPaths.resolve(rootfs(), path);
      Files.createDirectories(file.getParent());
      Path partial = Files.createTempFile(file.getParent(), ".phoenix-", ".partial");
      Files.write(partial, content);
      Files.setPosixFilePermissions(
          partial, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      // a rename replaces a link at the target instead of writing through it
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new LabException("cannot write " + path + " in CT " + vmid + ": " + e.getMessage(), e);
    }
  }

  /** Whether the (regular) file exists. */
  boolean exists(String path) {
    return read(path).isPresent();
  }

  /** Deletes the file; returns whether it existed. */
  boolean delete(String path) {
    check(path);
    if (lxc.running(vmid)) {
      return lxc.attach(vmid, List.of("rm", "--", path), null, LIMIT).exitCode() == 0;
    }
    try {
      return Files.deleteIfExists(RootfsPaths.resolve(rootfs(), path));
    } catch (IOException e) {
      return false;
    }
  }

  /** The regular files under guest directory {@code dir}, sorted; empty when there is none. */
  List<String> list(String dir) {
    check(dir);
    if (lxc.running(vmid)) {
      ExecResult found = lxc.attach(vmid, List.of("find", dir, "-xdev", "-type", "f"), null, LIMIT);
      return found.exitCode() == 0 ? found.stdoutText().lines().sorted().toList() : List.of();
    }
    try {
      Path root = rootfs();
      Path start = RootfsPaths.resolve(root, dir);
      if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
        return List.of();
      }
      try (var walk = Files.walk(start)) {
        return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            .map(p -> "/" + root.relativize(p))
            .sorted()
            .toList();
      }
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void check(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("guest file paths must be absolute, got: " + path);
    }
  }
}
