package io.phoenix.cli.commands;

import io.phoenix.cli.client.CliException;
import io.phoenix.cli.runtime.WorldFile;
import io.phoenix.common.contract.Topics;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the client commands find Kafka: {@code --kafka}, PHOENIX_KAFKA, or the world file. */
public final class ConnectionOptions {

  @Option(
      names = "--kafka",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap address (default: $PHOENIX_KAFKA, else the world file's)")
  String kafka;

  @Option(
      names = "--world",
      paramLabel = "FILE",
      description = "world file written by 'phoenix up' (default: ${DEFAULT-VALUE})",
      defaultValue = ".phoenix/world.properties")
  Path worldFile;

  @Option(
      names = "--topic-prefix",
      paramLabel = "PREFIX",
      description = "topic name prefix (default: the world file's, else phoenix)")
  String topicPrefix;

  Map<String, String> world() {
    return WorldFile.read(worldFile);
  }

  /** The Kafka address to use, or a clear error saying how to give one. */
  public String kafka() {
    if (kafka != null && !kafka.isBlank()) {
      return kafka;
    }
    String env = System.getenv("PHOENIX_KAFKA");
    if (env != null && !env.isBlank()) {
      return env;
    }
    String fromWorld = world().get(WorldFile.KAFKA);
    if (fromWorld != null) {
      return fromWorld;
    }
    throw new CliException(
        "no Kafka address: pass --kafka HOST:PORT, set PHOENIX_KAFKA, or start 'bin/phoenix up'"
            + " (it writes "
            + worldFile
            + ")");
  }

  public Topics topics() {
    String prefix = topicPrefix;
    if (prefix == null) {
      prefix = world().getOrDefault(WorldFile.TOPIC_PREFIX, Topics.DEFAULT_PREFIX);
    }
    return new Topics(prefix, Topics.DEFAULT_COMMAND_PARTITIONS, Topics.DEFAULT_EVENT_PARTITIONS);
  }

  /** The orchestrator's base URL from {@code --orchestrator}, the world file, or the default. */
  String orchestrator(String explicit) {
    if (explicit != null) {
      return explicit;
    }
    String env = System.getenv("PHOENIX_ORCHESTRATOR");
    if (env != null && !env.isBlank()) {
      return env;
    }
    return world().getOrDefault(WorldFile.ORCHESTRATOR_URL, "http://127.0.0.1:8080");
  }
}
