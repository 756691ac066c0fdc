package io.phoenix.cli.runtime;

import io.phoenix.common.kafka.InProcessKafka;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A whole Phoenix world in one process: a real KRaft broker, the simulated Proxmox host (with its
 * CA and Portainer), and the chosen services. Used by {@code phoenix up} and {@code phoenix demo}.
 */
public final class EmbeddedWorld implements AutoCloseable {

  /**
   * How to start a world.
   *
   * @param dataDir Kafka data directory, or null for a temporary one
   * @param kafkaPort the broker's port, 0 for any
   * @param httpPort the orchestrator's HTTP port, 0 for any
   * @param services which services run in this process
   * @param worldFile where to write the world file, or null for none
   * @param simSpeed speed factor of the simulated host's tasks
   */
  public record Options(
      Path dataDir,
      int kafkaPort,
      int httpPort,
      Set<Services> services,
      Path worldFile,
      double simSpeed) {

    /** Where the world keeps its state (credential files): beside the world file. */
    Path stateDir() {
      Path parent = worldFile == null ? null : worldFile.toAbsolutePath().getParent();
      return parent == null ? Path.of(".phoenix").toAbsolutePath() : parent;
    }
  }

  private final InProcessKafka kafka;
  private final SimulatedHost host;
  private final RunningServices services;
  private final Map<String, String> addresses;
  private final Map<String, String> properties;

  private EmbeddedWorld(
      InProcessKafka kafka,
      SimulatedHost host,
      RunningServices services,
      Map<String, String> addresses,
      Map<String, String> properties) {
    this.kafka = kafka;
    this.host = host;
    this.services = services;
    this.addresses = addresses;
    this.properties = properties;
  }

  /** Starts the broker, the simulated host and the services; stops what started on failure. */
  public static EmbeddedWorld start(Options options) {
    InProcessKafka kafka = InProcessKafka.start(options.dataDir(), options.kafkaPort());
    SimulatedHost host = null;
    try {
      host =
          SimulatedHost.start(
              SimulatedHost.Options.loopback(options.stateDir(), options.simSpeed()));
      Map<String, String> props = new LinkedHashMap<>();
      props.put(WorldFile.KAFKA, kafka.bootstrapServers());
      props.put(WorldFile.TOPIC_PREFIX, "phoenix");
      props.putAll(host.serviceProperties());
      Map<String, String> addresses = new LinkedHashMap<>();
      addresses.put("kafka", kafka.bootstrapServers());
      RunningServices services =
          RunningServices.start(options.services(), props, options.httpPort());
      if (services.orchestratorUrl() != null) {
        addresses.put("orchestrator", services.orchestratorUrl());
        props.put(WorldFile.ORCHESTRATOR_URL, services.orchestratorUrl());
      }
      addresses.putAll(host.addresses());
      if (options.worldFile() != null) {
        WorldFile.write(options.worldFile(), props);
      }
      return new EmbeddedWorld(kafka, host, services, addresses, props);
    } catch (RuntimeException e) {
      if (host != null) {
        host.close();
      }
      kafka.close();
      throw e;
    }
  }

  /** {@code name -> address} in the order {@code phoenix up} prints them. */
  public Map<String, String> addresses() {
    return addresses;
  }

  /** The Spring properties a separately started service needs to join this world. */
  public Map<String, String> properties() {
    return properties;
  }

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public SimulatedHost host() {
    return host;
  }

  @Override
  public void close() {
    services.close();
    host.close();
    kafka.close();
  }
}
