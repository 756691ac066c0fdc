package io.phoenix.simulator.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WorldTest {

  private final World world = new World(WorldConfig.defaults());

  @Test
  void defaultWorldHasTheUbuntuTemplateButNotTheCloudImage() {
    assertThat(world.hasVolume("pve", WorldConfig.UBUNTU_TEMPLATE)).isTrue();
    assertThat(world.hasVolume("pve", "local:import/noble-server-cloudimg-amd64.img")).isFalse();
    assertThat(world.storage("pve", "local-lvm").orElseThrow().content())
        .containsExactly("images", "rootdir");
  }

  @Test
  void runRecordsTheCommandAndAsksTheEffects() {
    world.createGuest(103, GuestKind.LXC, "pve", Map.of("hostname", "step-ca"));
    world.setCommandEffects(
        (guest, argv, stdin) -> {
          guest.files().write("/etc/marker", stdin);
          return ExecResult.ok("done\n");
        });

    ExecResult result =
        world.run(103, List.of("tee", "/etc/marker"), "hi".getBytes(StandardCharsets.UTF_8));

    assertThat(result.stdoutText()).isEqualTo("done\n");
    assertThat(world.readFile(103, "/etc/marker"))
        .hasValueSatisfying(b -> assertThat(b).asString().isEqualTo("hi"));
    assertThat(world.requireGuest(103).execLog())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.argv()).containsExactly("tee", "/etc/marker");
              assertThat(r.stdinBytes()).isEqualTo(2);
              assertThat(r.exitCode()).isZero();
            });
  }

  @Test
  void defaultEffectsSucceedWithExitZero() {
    world.createGuest(103, GuestKind.LXC, "pve", Map.of());

    assertThat(world.run(103, List.of("systemctl", "restart", "nginx"), null).exitCode()).isZero();
  }

  @Test
  void failingEffectsBecomeAFailedCommandNotAnException() {
    world.createGuest(103, GuestKind.LXC, "pve", Map.of());
    world.setCommandEffects(
        (guest, argv, stdin) -> {
          throw new IllegalStateException("boom");
        });

    ExecResult result = world.run(103, List.of("x"), new byte[0]);

    assertThat(result.exitCode()).isEqualTo(127);
    assertThat(result.stderrText()).contains("boom");
  }

  @Test
  void cloneCopiesFilesAndContainersGetAnOsRelease() {
    Guest source = world.createGuest(900, GuestKind.LXC, "pve", Map.of("hostname", "copy-base"));
    source.files().write("/opt/tool", new byte[] {1, 2});

    Guest copy = world.cloneGuest(source, 103, "pve", Map.of("hostname", "step-ca"));

    assertThat(copy.files().read("/opt/tool"))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
    assertThat(copy.files().read("/etc/os-release").map(b -> new String(b, StandardCharsets.UTF_8)))
        .hasValueSatisfying(text -> assertThat(text).contains("VERSION_ID=\"24.04\""));
    source.files().write("/opt/tool", new byte[] {9});
    assertThat(copy.files().read("/opt/tool"))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
  }

  @Test
  void guestIdsAreUniqueUnderConcurrency() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        attempts.add(
            pool.submit(
                () -> {
                  try {
                    world.createGuest(500, GuestKind.QEMU, "pve", Map.of());
                    return true;
                  } catch (IllegalStateException e) {
                    return false;
                  }
                }));
      }
      int created = 0;
      for (Future<Boolean> attempt : attempts) {
        created += attempt.get() ? 1 : 0;
      }
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void filePathsMustBeAbsolute() {
    Guest guest = world.createGuest(103, GuestKind.LXC, "pve", Map.of());

    assertThatThrownBy(() -> guest.files().write("etc/x", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absolute");
    guest.files().write("/etc//nginx/", new byte[] {1});
    assertThat(guest.files().exists("/etc/nginx")).isTrue();
  }

  @Test
  void resetRemovesGuestsAndDownloadedVolumes() {
    world.createGuest(103, GuestKind.LXC, "pve", Map.of());
    world.addVolume("pve", new Volume("local:import/x.img", "import", "img", 1));

    world.reset();

    assertThat(world.guests()).isEmpty();
    assertThat(world.hasVolume("pve", "local:import/x.img")).isFalse();
    assertThat(world.hasVolume("pve", WorldConfig.UBUNTU_TEMPLATE)).isTrue();
  }
}
