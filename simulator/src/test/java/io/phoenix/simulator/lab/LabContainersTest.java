package io.phoenix.simulator.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real containers from the cached Debian rootfs, without a network: runs where the lab can (root
 * and Debian's lxc tools, as in CI), is skipped with the reason elsewhere.
 */
class LabContainersTest {

  @TempDir static Path lxcPath;
  private static LabContainers containers;

  @BeforeAll
  static void rootfs() {
    assumeThat(Preconditions.problem()).as("the lab cannot run here").isEmpty();
    Path rootfs =
        DebianRootfs.ensure(LabDirectory.defaultLocation(), LabHostSettings.DEFAULT_MIRROR);
    containers = new LabContainers(new Lxc(lxcPath), rootfs, List.of());
  }

  @AfterAll
  static void destroyAll() {
    if (containers != null) {
      for (int vmid : containers.lxc().containers()) {
        containers.destroy(vmid);
      }
    }
  }

  @Test
  void aCreatedContainerBootsDebianWithItsHostnameAndRunsCommandsWithStdin() {
    containers.create(9101, Map.of("hostname", "lab-one", "memory", "256", "cores", "1"));
    containers.start(9101, Map.of("hostname", "lab-one", "memory", "256", "cores", "1"));

    assertThat(containers.running(9101)).isTrue();
    var hostname = containers.lxc().attach(9101, List.of("hostname"), null, Duration.ofSeconds(30));
    assertThat(hostname.stdoutText().strip()).isEqualTo("lab-one");
    var osRelease = containers.files(9101).read("/etc/os-release").orElseThrow();
    assertThat(new String(osRelease, StandardCharsets.UTF_8)).contains("VERSION_CODENAME=bookworm");
    var echoed =
        containers
            .lxc()
            .attach(
                9101,
                List.of("sh", "-c", "cat; echo oops >&2; exit 3"),
                "hello".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
    assertThat(echoed.exitCode()).isEqualTo(3);
    assertThat(echoed.stdoutText()).isEqualTo("hello");
    assertThat(echoed.stderrText()).isEqualTo("oops\n");

    containers.stop(9101, false, Duration.ofSeconds(30));
    assertThat(containers.running(9101)).isFalse();
  }

  @Test
  void filesOfAStoppedContainerNeverFollowALinkOutOfItsRootfs() throws Exception {
    containers.create(9102, Map.of("hostname", "lab-two"));
    Path rootfs = containers.lxc().dir(9102).resolve("rootfs");
    Path outside = lxcPath.resolve("host-file");
    Files.writeString(outside, "this machine's");
    Files.delete(rootfs.resolve("etc/motd"));
    Files.createSymbolicLink(rootfs.resolve("etc/motd"), outside);

    containers.files(9102).write("/etc/motd", "the guest's".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(outside)).isEqualTo("this machine's");
    assertThat(Files.readString(rootfs.resolve(outside.toString().substring(1))))
        .isEqualTo("the guest's");
  }

  @Test
  void aSnapshotRollbackAndAFullCloneAreCopiesOfTheRootfs() {
    containers.create(9103, Map.of("hostname", "lab-three"));
    ContainerFiles files = containers.files(9103);
    files.write("/root/state", "before".getBytes(StandardCharsets.UTF_8));
    containers.snapshot(9103, "pre");
    files.write("/root/state", "after".getBytes(StandardCharsets.UTF_8));

    containers.cloneFrom(9103, 9104, Map.of("hostname", "lab-four"));
    containers.rollback(9103, "pre");

    assertThat(files.read("/root/state"))
        .hasValueSatisfying(b -> assertThat(b).asString().isEqualTo("before"));
    assertThat(containers.files(9104).read("/root/state"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("after"));
    containers.deleteSnapshot(9103, "pre");
    containers.destroy(9104);
    assertThat(Files.exists(containers.lxc().dir(9104))).isFalse();
  }
}
