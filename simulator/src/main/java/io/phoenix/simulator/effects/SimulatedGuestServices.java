package io.phoenix.simulator.effects;

import io.phoenix.simulator.ca.CaHierarchy;
import io.phoenix.simulator.ca.StepCaEmulator;
import io.phoenix.simulator.portainer.PortainerEmulator;
import io.phoenix.simulator.ssh.PctSshServer;
import io.phoenix.simulator.world.World;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * Everything the service agent needs in a simulated world, in one call: the command effects on the
 * world (with {@code ca} as the CA the {@code step_ca} feature initialises), the node's SSH server
 * with a generated client key and known_hosts file, and the Portainer emulator whose deployed
 * stacks answer in their guests. {@link #serviceAgentProperties()} points a service agent at them.
 *
 * <pre>{@code
 * SimulatedGuestServices services = SimulatedGuestServices.start(pve.world(), ca, stateDir, "127.0.0.1");
 * props.putAll(services.serviceAgentProperties());
 * }</pre>
 */
public final class SimulatedGuestServices implements AutoCloseable {

  private final SimulatedCommands effects;
  private final PctSshServer ssh;
  private final PortainerEmulator portainer;
  private final Map<String, String> properties;

  private SimulatedGuestServices(
      SimulatedCommands effects,
      PctSshServer ssh,
      PortainerEmulator portainer,
      Map<String, String> properties) {
    this.effects = effects;
    this.ssh = ssh;
    this.portainer = portainer;
    this.properties = Map.copyOf(properties);
  }

  /**
   * Starts the SSH node and Portainer on {@code bindAddress} (free ports), writes the agent's SSH
   * key and known_hosts under {@code stateDir/service-agent/}, and installs the effects on {@code
   * world}. The world's first node is the SSH node's name.
   */
  public static SimulatedGuestServices start(
      World world, StepCaEmulator ca, Path stateDir, String bindAddress) {
    return start(world, SimulatedCa.of(ca), stateDir, bindAddress);
  }

  /**
   * As {@link #start(World, StepCaEmulator, Path, String)}, with {@code ca} as what the simulated
   * {@code step_ca} feature initialises (the lab, whose CA guest runs a real step-ca, passes one
   * that no feature uses).
   */
  public static SimulatedGuestServices start(
      World world, SimulatedCa ca, Path stateDir, String bindAddress) {
    SimulatedCommands effects = new SimulatedCommands(ca);
    world.setCommandEffects(effects);
    String node = world.config().nodes().get(0).name();
    PctSshServer ssh = PctSshServer.start(world, node, bindAddress, 0);
    PortainerEmulator portainer = null;
    try {
      portainer = PortainerEmulator.start(bindAddress, 0);
      portainer.onDeploy(StackServices.publishTo(world));
      Path dir = stateDir.resolve("service-agent");
      Files.createDirectories(dir);
      KeyPair client = CaHierarchy.newEcKeyPair();
      ssh.authorize(client.getPublic());
      Path key = dir.resolve("id_ecdsa");
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(key)) {
        new OpenSSHKeyPairResourceWriter()
            .writePrivateKey(client, "phoenix-service-agent", null, out);
      }
      Path knownHosts = dir.resolve("known_hosts");
      Files.writeString(knownHosts, ssh.knownHostsLine() + "\n");
      Map<String, String> props = new LinkedHashMap<>();
      props.put("phoenix.service-agent.ssh.user", "root");
      props.put("phoenix.service-agent.ssh.port", Integer.toString(ssh.port()));
      props.put("phoenix.service-agent.ssh.hosts." + node, ssh.host());
      props.put("phoenix.service-agent.ssh.identity-file", key.toString());
      props.put("phoenix.service-agent.ssh.known-hosts-file", knownHosts.toString());
      props.put("phoenix.service-agent.portainer.url", portainer.baseUri().toString());
      props.put("phoenix.service-agent.portainer.fingerprint", portainer.certificateSha256());
      props.put("phoenix.service-agent.portainer.secrets-dir", dir.resolve("secrets").toString());
      return new SimulatedGuestServices(effects, ssh, portainer, props);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      ssh.close();
      if (portainer != null) {
        portainer.close();
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** The Spring properties that point a service agent at these services. */
  public Map<String, String> serviceAgentProperties() {
    return properties;
  }

  public SimulatedCommands effects() {
    return effects;
  }

  public PctSshServer ssh() {
    return ssh;
  }

  public PortainerEmulator portainer() {
    return portainer;
  }

  @Override
  public void close() {
    ssh.close();
    portainer.close();
  }
}
