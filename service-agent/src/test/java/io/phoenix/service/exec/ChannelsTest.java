package io.phoenix.service.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.common.inventory.GuestKind;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.service.support.SimulatedNode;
import io.phoenix.simulator.ca.CaHierarchy;
import io.phoenix.simulator.ssh.PctSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two channels against the simulated node: files, output, errors, host key checks. */
class ChannelsTest {

  @TempDir Path dir;

  private final SeedCommands seed = new SeedCommands();
  private SimulatedNode node;
  private final GuestRef ct = new GuestRef(101, "pve", GuestKind.LXC);
  private final GuestRef vm = new GuestRef(1002, "pve", GuestKind.VM);

  @BeforeEach
  void start() throws Exception {
    node = new SimulatedNode(dir);
    node.boot(seed.guest(101));
    node.boot(seed.guest(1002));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  @Test
  void aFileLargerThanOneGuestAgentCallArrivesWholeThroughChunks() throws Exception {
    byte[] content = new byte[GuestAgentExec.CHUNK * 2 + 1234];
    new Random(7).nextBytes(content);

    node.channels.writeFile(vm, "/opt/phoenix/blob.bin", content);

    assertThat(node.world().readFile(1002, "/opt/phoenix/blob.bin"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(content));
    assertThat(node.world().requireGuest(1002).files().paths())
        .noneMatch(p -> p.contains("phoenix-part"));
  }

  @Test
  void filesGoInThroughStdinAndComeBackOverBothChannels() throws Exception {
    for (GuestRef guest : List.of(ct, vm)) {
      node.channels.writeFile(
          guest, "/etc/phoenix/hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
      assertThat(node.channels.readFile(guest, "/etc/phoenix/hello.txt"))
          .hasValueSatisfying(
              b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello\n"));
      assertThat(node.channels.readFile(guest, "/etc/phoenix/missing.txt")).isEmpty();
    }
    // The container's file went through pct exec with the content on stdin, never on the command
    // line.
    assertThat(node.world().requireGuest(101).execLog())
        .anySatisfy(
            r -> {
              assertThat(r.argv()).contains("install", "/dev/stdin", "/etc/phoenix/hello.txt");
              assertThat(r.stdinBytes()).isEqualTo(6);
            });
  }

  @Test
  void everyCommandRunsUnderATimeoutInsideTheGuest() throws Exception {
    ExecResult result =
        node.channels.run(
            ct,
            ExecRequest.of(Duration.ofSeconds(30), "systemctl", "is-active", "nginx"),
            ExecProgress.none());

    assertThat(result.exitCode()).isZero();
    assertThat(node.world().requireGuest(101).execLog())
        .anySatisfy(
            r ->
                assertThat(r.argv())
                    .containsExactly(
                        "timeout", "-k", "5", "30", "systemctl", "is-active", "nginx"));
  }

  @Test
  void aNodeWhoseHostKeyIsNotKnownIsRefused() throws Exception {
    try (PctSshServer impostor = PctSshServer.start(node.world(), "pve", "127.0.0.1", 0)) {
      KeyPair client = CaHierarchy.newEcKeyPair();
      impostor.authorize(client.getPublic());
      Path key = dir.resolve("impostor_key");
      try (var out = Files.newOutputStream(key)) {
        new OpenSSHKeyPairResourceWriter().writePrivateKey(client, "test", null, out);
      }
      Path knownHosts = dir.resolve("known_hosts_other");
      // The genuine node's key, listed under the impostor's address.
      Files.writeString(
          knownHosts,
          node.ssh.knownHostsLine().replace("]:" + node.ssh.port(), "]:" + impostor.port()) + "\n");
      GuestChannels channels =
          GuestChannels.configured(
              new PveProperties(null, null, null, null, null, null, false, null),
              new SshProperties(
                  "root",
                  impostor.port(),
                  key,
                  knownHosts,
                  null,
                  Map.of("pve", "127.0.0.1"),
                  Duration.ofSeconds(5)),
              SeedCommands.JSON);
      try {
        assertThatThrownBy(
                () ->
                    channels.run(
                        ct, ExecRequest.of(Duration.ofSeconds(5), "true"), ExecProgress.none()))
            .isInstanceOf(ExecException.class)
            .satisfies(
                e -> assertThat(((ExecException) e).reason()).isEqualTo("GUEST_UNREACHABLE"));
      } finally {
        channels.destroy();
      }
      assertThat(node.world().requireGuest(101).execLog()).isEmpty();
    }
  }

  @Test
  void aPinnedHostKeyFingerprintIsEnoughWithoutKnownHosts() throws Exception {
    KeyPair client = CaHierarchy.newEcKeyPair();
    node.ssh.authorize(client.getPublic());
    Path key = dir.resolve("pinned_key");
    try (var out = Files.newOutputStream(key)) {
      new OpenSSHKeyPairResourceWriter().writePrivateKey(client, "test", null, out);
    }
    GuestChannels channels =
        GuestChannels.configured(
            new PveProperties(null, null, null, null, null, null, false, null),
            new SshProperties(
                "root",
                node.ssh.port(),
                key,
                null,
                node.ssh.hostKeyFingerprint(),
                Map.of("pve", "127.0.0.1"),
                Duration.ofSeconds(5)),
            SeedCommands.JSON);
    try {
      assertThat(
              channels
                  .run(ct, ExecRequest.of(Duration.ofSeconds(5), "true"), ExecProgress.none())
                  .exitCode())
          .isZero();
    } finally {
      channels.destroy();
    }
  }

  @Test
  void aVmChannelWithoutProxmoxSettingsSaysWhichSettingIsMissing() {
    GuestChannels channels =
        GuestChannels.configured(
            new PveProperties(null, null, null, null, null, null, false, null),
            new SshProperties(null, null, null, null, null, null, null),
            SeedCommands.JSON);
    assertThatThrownBy(
            () ->
                channels.run(
                    vm, ExecRequest.of(Duration.ofSeconds(5), "true"), ExecProgress.none()))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("phoenix.service-agent.pve.url");
    assertThatThrownBy(
            () ->
                channels.run(
                    ct, ExecRequest.of(Duration.ofSeconds(5), "true"), ExecProgress.none()))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("known-hosts-file");
  }

  @Test
  void theNodeServesPctPushAndAnswersPctsOwnErrors() throws Exception {
    KeyPair client = CaHierarchy.newEcKeyPair();
    node.ssh.authorize(client.getPublic());
    Path key = dir.resolve("push_key");
    try (var out = Files.newOutputStream(key)) {
      new OpenSSHKeyPairResourceWriter().writePrivateKey(client, "test", null, out);
    }
    try (NodeSessions sessions =
        new NodeSessions(
            new SshProperties(
                "root",
                node.ssh.port(),
                key,
                null,
                node.ssh.hostKeyFingerprint(),
                Map.of("pve", "127.0.0.1"),
                Duration.ofSeconds(5)))) {
      var session = sessions.session("pve");
      byte[] content = "pushed\n".getBytes(StandardCharsets.UTF_8);
      try (var channel =
          session.createExecChannel("pct push 101 /dev/stdin /etc/pushed.txt --perms 0644")) {
        channel.setIn(new java.io.ByteArrayInputStream(content));
        channel.open().verify(Duration.ofSeconds(5));
        channel.waitFor(
            java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED),
            Duration.ofSeconds(10));
        assertThat(channel.getExitStatus()).isZero();
      }
      assertThat(node.world().readFile(101, "/etc/pushed.txt"))
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(content));

      var err = new java.io.ByteArrayOutputStream();
      try (var channel = session.createExecChannel("pct exec 999 -- true")) {
        channel.setErr(err);
        channel.open().verify(Duration.ofSeconds(5));
        channel.waitFor(
            java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED),
            Duration.ofSeconds(10));
        assertThat(channel.getExitStatus()).isEqualTo(255);
      }
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("Configuration file 'nodes/pve/lxc/999.conf' does not exist");
    }
  }
}
