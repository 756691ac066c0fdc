package io.phoenix.cli.runtime;

import io.phoenix.common.kafka.InProcessKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Phoenix world in one process: a real KRaft broker, the simulated Proxmox host (with its
 * CA and Portainer), and the chosen services. Used by {@code phoenix up} and {@code phoenix demo}.
 */
public final class EmbeddedWorld implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedWorld.class);

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
  private final List<ConfigurableApplicationContext> contexts;
  private final Map<String, String> addresses;
  private final Map<String, String> properties;

  private EmbeddedWorld(
      InProcessKafka kafka,
      SimulatedHost host,
      List<ConfigurableApplicationContext> contexts,
      Map<String, String> addresses,
      Map<String, String> properties) {
    this.kafka = kafka;
    this.host = host;
    this.contexts = contexts;
    this.addresses = addresses;
    this.properties = properties;
  }

  /** Starts the broker, the simulated host and the services; stops what started on failure. */
  public static EmbeddedWorld start(Options options) {
    InProcessKafka kafka = InProcessKafka.start(options.dataDir(), options.kafkaPort());
    SimulatedHost host = null;
    List<ConfigurableApplicationContext> contexts = new ArrayList<>();
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
      for (Services service : options.services()) {
        Map<String, String> own = new LinkedHashMap<>(props);
        own.put("spring.main.banner-mode", "off");
        own.put(
            "server.port",
            String.valueOf(service == Services.ORCHESTRATOR ? options.httpPort() : 0));
        ConfigurableApplicationContext context = service.start(own);
        contexts.add(context);
        if (service == Services.ORCHESTRATOR) {
          String url = "http://127.0.0.1:" + port(context);
          addresses.put("orchestrator", url);
          props.put(WorldFile.ORCHESTRATOR_URL, url);
        }
        log.info("{} started", service.serviceName());
      }
      addresses.putAll(host.addresses());
      if (options.worldFile() != null) {
        WorldFile.write(options.worldFile(), props);
      }
      return new EmbeddedWorld(kafka, host, contexts, addresses, props);
    } catch (RuntimeException e) {
      Collections.reverse(contexts);
      contexts.forEach(ConfigurableApplicationContext::close);
      if (host != null) {
        host.close();
      }
      kafka.close();
      throw e;
    }
  }

  private static int port(ConfigurableApplicationContext context) {
    if (context instanceof WebServerApplicationContext web) {
      return web.getWebServer().getPort();
    }
    return -1;
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
    List<ConfigurableApplicationContext> reversed = new ArrayList<>(contexts);
    Collections.reverse(reversed);
    for (ConfigurableApplicationContext context : reversed) {
      try {
        context.close();
      } catch (RuntimeException e) {
        log.warn("stopping a service failed: {}", e.getMessage());
      }
    }
    host.close();
    kafka.close();
  }
}
