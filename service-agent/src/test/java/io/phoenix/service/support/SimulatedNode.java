package io.phoenix.service.support;

import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.service.exec.GuestChannels;
import io.phoenix.service.exec.PveProperties;
import io.phoenix.service.exec.SshProperties;
import io.phoenix.simulator.ca.CaHierarchy;
import io.phoenix.simulator.ca.StepCaEmulator;
import io.phoenix.simulator.effects.SimulatedCa;
import io.phoenix.simulator.effects.SimulatedCommands;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import io.phoenix.simulator.ssh.PctSshServer;
import io.phoenix.simulator.world.World;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * A simulated Proxmox node for component tests: the PVE API (guest agent for VMs), the node's SSH
 * server ({@code pct exec} for containers), the step-ca emulator as the CA the {@code step_ca}
 * feature initialises, and the command effects, all on one world; plus guest channels configured
 * against it with a pinned TLS certificate, a known_hosts file and a generated client key.
 */
public final class SimulatedNode implements AutoCloseable {

  public final PveSimulator pve;
  public final PctSshServer ssh;
  public final StepCaEmulator ca;
  public final SimulatedCommands effects;
  public final GuestChannels channels;

  public SimulatedNode(Path dir) throws Exception {
    pve =
        PveSimulator.start(
            PveSimulatorConfig.defaults()
                .withTaskDurations(
                    Map.of("agent-exec", Duration.ofMillis(20), "agent-start", Duration.ZERO)));
    ca = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
    effects = new SimulatedCommands(SimulatedCa.of(ca));
    pve.world().setCommandEffects(effects);
    ssh = PctSshServer.start(pve.world(), "pve", "127.0.0.1", 0);

    KeyPair client = CaHierarchy.newEcKeyPair();
    ssh.authorize(client.getPublic());
    Path key = dir.resolve("id_ecdsa");
    try (var out = Files.newOutputStream(key)) {
      new OpenSSHKeyPairResourceWriter().writePrivateKey(client, "phoenix-test", null, out);
    }
    Path knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, ssh.knownHostsLine() + "\n");

    String token = pve.apiToken();
    int eq = token.indexOf('=');
    channels =
        GuestChannels.configured(
            new PveProperties(
                pve.baseUri(),
                token.substring(0, eq),
                null,
                token.substring(eq + 1),
                pve.certificateSha256(),
                null,
                false,
                Duration.ofMillis(20)),
            new SshProperties(
                "root",
                ssh.port(),
                key,
                knownHosts,
                null,
                Map.of("pve", "127.0.0.1"),
                Duration.ofSeconds(10)),
            SeedCommands.JSON);
  }

  public World world() {
    return pve.world();
  }

  /** Creates and starts {@code guest} in the world (VMs with a running guest agent). */
  public void boot(Guest guest) {
    io.phoenix.simulator.world.GuestKind kind =
        guest.kind() == GuestKind.LXC
            ? io.phoenix.simulator.world.GuestKind.LXC
            : io.phoenix.simulator.world.GuestKind.QEMU;
    String ip = guest.network().isEmpty() ? "dhcp" : guest.network().get(0).ip();
    Map<String, String> config =
        guest.kind() == GuestKind.LXC
            ? Map.of(
                "hostname",
                guest.name(),
                "ostype",
                "ubuntu",
                "net0",
                "name=eth0,bridge=vmbr0,ip=" + ip)
            : Map.of("name", guest.name(), "agent", "1", "ipconfig0", "ip=" + ip);
    world()
        .createGuest(guest.id(), kind, "pve", config)
        .markRunning(Instant.now().minusSeconds(3600));
  }

  @Override
  public void close() throws IOException {
    channels.destroy();
    ssh.close();
    ca.close();
    pve.close();
  }
}
