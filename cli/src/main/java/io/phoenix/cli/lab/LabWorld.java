package io.phoenix.cli.lab;

import io.phoenix.cli.client.CliException;
import io.phoenix.cli.runtime.RunningServices;
import io.phoenix.cli.runtime.Services;
import io.phoenix.cli.runtime.StateFiles;
import io.phoenix.cli.runtime.WorldFile;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.kafka.InProcessKafka;
import io.phoenix.simulator.effects.SimulatedCa;
import io.phoenix.simulator.effects.SimulatedGuestServices;
import io.phoenix.simulator.lab.LabException;
import io.phoenix.simulator.lab.LabHost;
import io.phoenix.simulator.lab.LabHostSettings;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code phoenix lab}'s world in one process: a real KRaft broker, the lab host (the Proxmox VE API
 * with real LXC containers), the node's SSH {@code pct} endpoint and Portainer for the simulated
 * VMs, and the four services. Unlike {@code up}, the pki-agent talks to the real step-ca in the CA
 * guest over the lab's bridge, and the orchestrator plans from the lab's copy of the inventory (its
 * artifacts on the lab's mirror).
 */
public final class LabWorld implements AutoCloseable {

  /**
   * How to start it.
   *
   * @param lab the lab host's settings (data directory, the inventory's networks)
   * @param inventory the inventory the lab builds
   * @param stateDir where the services' credential files and state go
   * @param worldFile where to write the world file, or null
   * @param kafkaPort the broker's port, 0 for any
   * @param httpPort the orchestrator's port, 0 for any
   * @param simSpeed speed factor of the simulated (QEMU) tasks
   */
  public record Options(
      LabHostSettings lab,
      Inventory inventory,
      Path stateDir,
      Path worldFile,
      int kafkaPort,
      int httpPort,
      double simSpeed) {}

  private final InProcessKafka kafka;
  private final LabHost lab;
  private final SimulatedGuestServices guests;
  private final RunningServices services;
  private final Map<String, String> addresses;

  private LabWorld(
      InProcessKafka kafka,
      LabHost lab,
      SimulatedGuestServices guests,
      RunningServices services,
      Map<String, String> addresses) {
    this.kafka = kafka;
    this.lab = lab;
    this.guests = guests;
    this.services = services;
    this.addresses = addresses;
  }

  /**
   * Starts everything; what started is stopped (and the lab cleaned up) when a part fails. What
   * this machine lacks for the lab is a {@link CliException} naming it.
   */
  public static LabWorld start(Options options) {
    PveSimulatorConfig config = PveSimulatorConfig.defaults().withSpeedFactor(options.simSpeed());
    LabHost lab;
    try {
      lab = LabHost.start(options.lab(), config);
    } catch (LabException e) {
      throw new CliException("the lab cannot start: " + e.getMessage());
    }
    InProcessKafka kafka = null;
    SimulatedGuestServices guests = null;
    try {
      Path stateDir = options.stateDir().toAbsolutePath();
      StateFiles.forgetPreviousWorld(stateDir);
      Path inventory = LabInventory.write(options.inventory(), lab.artifacts(), lab.directory());
      kafka = InProcessKafka.start(null, options.kafkaPort());
      PveSimulator pve = lab.pve();
      guests =
          SimulatedGuestServices.start(
              pve.world(), SimulatedCa.generated("Phoenix lab (VMs)"), stateDir, "127.0.0.1");
      lab.simulateWith(guests.effects());

      Map<String, String> props = new LinkedHashMap<>();
      props.put(WorldFile.KAFKA, kafka.bootstrapServers());
      props.put(WorldFile.TOPIC_PREFIX, "phoenix");
      props.put("phoenix.orchestrator.inventory", inventory.toString());
      props.putAll(proxmoxProperties(pve, stateDir));
      props.putAll(guests.serviceAgentProperties());
      Map<String, String> addresses = new LinkedHashMap<>();
      addresses.put("kafka", kafka.bootstrapServers());
      RunningServices services =
          RunningServices.start(Set.of(Services.values()), props, options.httpPort());
      addresses.put("orchestrator", services.orchestratorUrl());
      props.put(WorldFile.ORCHESTRATOR_URL, services.orchestratorUrl());
      addresses.put("proxmox", pve.baseUri().toString());
      addresses.put("ssh", guests.ssh().host() + ":" + guests.ssh().port());
      if (options.worldFile() != null) {
        WorldFile.write(options.worldFile(), props);
      }
      return new LabWorld(kafka, lab, guests, services, addresses);
    } catch (IOException | RuntimeException e) {
      if (guests != null) {
        guests.close();
      }
      if (kafka != null) {
        kafka.close();
      }
      lab.close();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new CliException("cannot start the lab: " + e.getMessage());
    }
  }

  /** The proxmox-agent's, service-agent's (guest agent) and pki-agent's settings. */
  private static Map<String, String> proxmoxProperties(PveSimulator pve, Path stateDir)
      throws IOException {
    Path secrets = Files.createDirectories(stateDir.resolve("secrets"));
    String token = pve.apiToken();
    int eq = token.indexOf('=');
    Path tokenFile = StateFiles.secret(secrets.resolve("proxmox-token"), token.substring(eq + 1));
    byte[] storeKey = new byte[32];
    new SecureRandom().nextBytes(storeKey);
    Path pkiKey =
        StateFiles.secret(
            secrets.resolve("pki-store.key"), Base64.getEncoder().encodeToString(storeKey));
    Map<String, String> props =
        new LinkedHashMap<>(
            StateFiles.proxmoxProperties(
                pve.baseUri().toString(),
                token.substring(0, eq),
                tokenFile,
                pve.certificateSha256()));
    // No ca-url-override: the pki-agent reaches the real step-ca in the CA guest at the address
    // the plan gives, over the lab's bridge.
    props.put("phoenix.pki.secret-dir", stateDir.resolve("pki-agent").toString());
    props.put("phoenix.pki.secret-key-file", pkiKey.toString());
    return props;
  }

  /** {@code name -> address}, in the order {@code phoenix up} prints them. */
  public Map<String, String> addresses() {
    return addresses;
  }

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public LabHost lab() {
    return lab;
  }

  /** Stops the services, the broker and the lab host (which removes its containers and network). */
  @Override
  public void close() {
    services.close();
    guests.close();
    kafka.close();
    lab.close();
  }
}
