package io.phoenix.cli.lab;

import io.phoenix.cli.client.CliException;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.Problem;
import io.phoenix.simulator.lab.LabDirectory;
import io.phoenix.simulator.lab.LabHostSettings;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** Options of {@code phoenix lab} and {@code phoenix lab demo}. */
final class LabOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "the lab's rootfs cache, containers and artifacts (default: ~/.cache/phoenix/lab)")
  Path dataDir;

  @Option(
      names = "--keep",
      description = "leave containers, bridges and the lab's nftables table when it stops")
  boolean keep;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "the inventory whose networks and guests the lab builds (default: ${DEFAULT-VALUE})",
      defaultValue = "inventory/phoenix.yaml")
  Path inventory;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "broker port (default: any)")
  int kafkaPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "orchestrator HTTP port (default: any)")
  int httpPort;

  @Option(
      names = "--world-file",
      paramLabel = "FILE",
      description = "where to write the world file (default: ${DEFAULT-VALUE})",
      defaultValue = ".phoenix/world.properties")
  Path worldFile;

  LabDirectory directory() {
    return dataDir == null ? LabDirectory.defaultLocation() : new LabDirectory(dataDir);
  }

  Inventory loadInventory() {
    InventoryResult result = InventoryLoader.load(inventory);
    if (result.hasErrors()) {
      throw new CliException(
          "the inventory "
              + inventory
              + " has errors: "
              + result.errors().stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
    return result.inventory();
  }

  LabWorld.Options toOptions(Inventory inventory) {
    Path stateDir = worldFile.toAbsolutePath().getParent();
    return new LabWorld.Options(
        LabHostSettings.of(directory(), inventory.networks()),
        inventory,
        stateDir == null ? Path.of(".phoenix").toAbsolutePath() : stateDir,
        worldFile,
        kafkaPort,
        httpPort,
        0.05);
  }
}
