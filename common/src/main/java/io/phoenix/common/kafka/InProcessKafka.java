package io.phoenix.common.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), run in
 * this JVM from the {@code kafka_2.13} artifacts: no mock, no in-memory fake.
 *
 * <p>Used by the embedded runtime ({@code phoenix up}, {@code phoenix demo}) and by tests when no
 * Docker engine is there. Storage is formatted on first start the way {@code kafka-storage.sh
 * format --standalone} does; a data directory that is already formatted is reused, so a broker
 * restarted on the same directory keeps its topics.
 */
public final class InProcessKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InProcessKafka.class);
  private static final int NODE_ID = 1;

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final KafkaRaftServer server;

  private InProcessKafka(Path dataDir, boolean deleteOnClose, int port, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port;
    this.server = server;
  }

  /**
   * Starts a broker.
   *
   * @param dataDir where the log lives; null for a temporary directory removed on close
   * @param port the client port on 127.0.0.1; 0 for a free one
   */
  public static InProcessKafka start(Path dataDir, int port) {
    try {
      boolean temporary = dataDir == null;
      Path dir = temporary ? Files.createTempDirectory("phoenix-kafka-") : dataDir;
      Files.createDirectories(dir);
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Map<String, Object> props = config(dir, clientPort, controllerPort);
      KafkaConfig config = new KafkaConfig(props, false);
      format(dir, config);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      log.info("Kafka broker started on 127.0.0.1:{} (data {})", clientPort, dir);
      return new InProcessKafka(dir, temporary, clientPort, server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the Kafka data directory", e);
    }
  }

  /** {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private static Map<String, Object> config(Path dir, int clientPort, int controllerPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dir.resolve("log").toString());
    props.put("metadata.log.dir", dir.resolve("meta").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "6");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "6");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("log.retention.hours", "-1");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "4");
    props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    return props;
  }

  private static void format(Path dir, KafkaConfig config) {
    if (Files.exists(dir.resolve("meta").resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(java.util.List.of(dir.resolve("log").toString()))
          .addDirectory(dir.resolve("meta").toString())
          .setMetadataLogDirectory(dir.resolve("meta").toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + dir, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.debug("could not delete {}", p, e);
                }
              });
    } catch (IOException e) {
      log.debug("could not delete {}", dir, e);
    }
  }
}
