package io.phoenix.simulator.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsPathsTest {

  @TempDir Path dir;

  @Test
  void anAbsoluteLinkInTheGuestLandsOnTheGuestsFileNotThisMachines() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/shadow"), "guest's own");
    Files.createSymbolicLink(rootfs.resolve("etc/resolv.conf"), Path.of("/etc/shadow"));

    assertThat(RootfsPaths.resolve(rootfs, "/etc/resolv.conf"))
        .isEqualTo(rootfs.resolve("etc/shadow"));
  }

  @Test
  void dotDotAndRelativeLinksNeverClimbAboveTheRootfs() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("var/lib"));
    Files.createSymbolicLink(rootfs.resolve("var/lib/up"), Path.of("../../../../../../.."));

    assertThat(RootfsPaths.resolve(rootfs, "/var/lib/up/etc/passwd"))
        .isEqualTo(rootfs.resolve("etc/passwd"));
    assertThat(RootfsPaths.resolve(rootfs, "/../../etc/hostname"))
        .isEqualTo(rootfs.resolve("etc/hostname"));
  }

  @Test
  void aDirectoryLinkIsFollowedInsideTheGuest() throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Files.createDirectories(rootfs.resolve("usr/lib"));
    Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("usr/lib"));
    Files.createSymbolicLink(rootfs.resolve("usr/lib/host"), dir);

    assertThat(RootfsPaths.resolve(rootfs, "/lib/x.so")).isEqualTo(rootfs.resolve("usr/lib/x.so"));
    assertThat(RootfsPaths.resolve(rootfs, "/lib/host/secret"))
        .isEqualTo(rootfs.resolve(dir.toString().substring(1)).resolve("secret"));
  }
}
