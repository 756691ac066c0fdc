package io.phoenix.simulator.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Debian 12 (bookworm) root filesystem every lab container starts as a copy of: made once with
 * {@code debootstrap} from Debian's packages (about 2-3 minutes) and cached in the lab's data
 * directory. The inventory's Ubuntu ostemplate maps to it: lab guests are Debian 12, not Ubuntu.
 */
final class DebianRootfs {

  private static final Logger log = LoggerFactory.getLogger(DebianRootfs.class);

  /** What the image says it is, wherever the lab prints its world. */
  static final String DESCRIPTION = "Debian 12 (bookworm), not Ubuntu";

  /** Beyond debootstrap's minimal base: systemd as init, ip, and the CA bundle apt needs. */
  static final List<String> PACKAGES =
      List.of("systemd", "systemd-sysv", "iproute2", "ca-certificates", "procps");

  private static final Duration DEBOOTSTRAP_LIMIT = Duration.ofMinutes(30);

  private DebianRootfs() {}

  /**
   * The cached rootfs under {@code dir}, made first when it is not there. Two labs starting at once
   * on one data directory make it once: the second waits for the first.
   */
  static Path ensure(LabDirectory dir, String mirror) {
    Path rootfs = dir.rootfsCache();
    if (Files.exists(complete(rootfs))) {
      return rootfs;
    }
    try {
      Files.createDirectories(rootfs.getParent());
      try (FileChannel channel =
          FileChannel.open(
              rootfs.getParent().resolve(".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          if (!Files.exists(complete(rootfs))) {
            make(rootfs, mirror);
          }
        } finally {
          lock.release();
        }
      }
    } catch (IOException e) {
      throw new LabException("cannot make the Debian rootfs under " + rootfs + ": " + e, e);
    }
    return rootfs;
  }

  private static void make(Path rootfs, String mirror) throws IOException {
    Path partial = rootfs.resolveSibling(rootfs.getFileName() + ".partial");
    Disk.remove(partial);
    Disk.remove(rootfs);
    log.info("making the Debian 12 rootfs with debootstrap (once; cached in {})", rootfs);
    HostCommand.check(
        List.of(
            "debootstrap",
            "--variant=minbase",
            "--include=" + String.join(",", PACKAGES),
            "bookworm",
            partial.toString(),
            mirror),
        null,
        DEBOOTSTRAP_LIMIT);
    String base = mirror.endsWith("/") ? mirror.substring(0, mirror.length() - 1) : mirror;
    write(
        partial.resolve("etc/apt/sources.list"),
        "deb "
            + base
            + " bookworm main\n"
            + "deb "
            + base
            + " bookworm-updates main\n"
            + "deb "
            + base
            + "-security bookworm-security main\n");
    // Each container gets its own machine id at first boot, its own hostname and resolver.
    write(partial.resolve("etc/machine-id"), "");
    Files.deleteIfExists(partial.resolve("etc/hostname"));
    Files.deleteIfExists(partial.resolve("etc/resolv.conf"));
    Disk.removeMatching(partial.resolve("var/cache/apt/archives"), ".deb");
    Files.move(partial, rootfs);
    Files.writeString(complete(rootfs), DESCRIPTION + "\n");
  }

  /** The marker beside the rootfs that says it was made whole. */
  private static Path complete(Path rootfs) {
    return rootfs.resolveSibling(rootfs.getFileName() + ".complete");
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
