package io.phoenix.cli.commands;

import io.phoenix.cli.runtime.EmbeddedWorld;
import io.phoenix.cli.runtime.Services;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that start an embedded world ({@code up}, {@code demo}). */
public final class WorldOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "keep Kafka's data here (default: a temporary directory)")
  Path dataDir;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "broker port (default: any)")
  int kafkaPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "orchestrator HTTP port (default: any)")
  int httpPort;

  @Option(
      names = "--services",
      paramLabel = "LIST",
      description =
          "services to run in this process: all, none, or a comma-separated list of"
              + " orchestrator, proxmox-agent, pki-agent, service-agent (default: ${DEFAULT-VALUE})",
      defaultValue = "all")
  String services;

  @Option(
      names = "--world-file",
      paramLabel = "FILE",
      description = "where to write the world file (default: ${DEFAULT-VALUE})",
      defaultValue = ".phoenix/world.properties")
  Path worldFile;

  @Option(
      names = "--sim-speed",
      paramLabel = "FACTOR",
      description = "multiplies simulated Proxmox task durations (default: ${DEFAULT-VALUE})",
      defaultValue = "0.05")
  double simSpeed;

  EmbeddedWorld.Options toOptions() {
    return new EmbeddedWorld.Options(
        dataDir, kafkaPort, httpPort, Services.parse(services), worldFile, simSpeed);
  }
}
