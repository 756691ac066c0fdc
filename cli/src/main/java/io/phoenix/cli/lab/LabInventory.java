package io.phoenix.cli.lab;

import io.phoenix.cli.client.CliException;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryWriter;
import io.phoenix.simulator.lab.LabDirectory;
import io.phoenix.simulator.lab.LabHost.MirroredArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The lab's copy of the inventory, under its data directory: the user's inventory with its {@code
 * artifacts} pointing at the lab's mirror (URL and real SHA-256), the way an air-gapped site points
 * them at its own. The user's file is never changed.
 */
final class LabInventory {

  private LabInventory() {}

  static Path write(
      Inventory inventory, Map<String, MirroredArtifact> artifacts, LabDirectory directory) {
    StringBuilder yaml =
        new StringBuilder("# The lab's copy of the inventory: artifacts on the lab's mirror.\n");
    yaml.append(InventoryWriter.toYaml(inventory));
    if (!artifacts.isEmpty()) {
      yaml.append("artifacts:\n");
      artifacts.forEach(
          (name, artifact) ->
              yaml.append("  ")
                  .append(name)
                  .append(": {url: \"")
                  .append(artifact.url())
                  .append("\", sha256: \"")
                  .append(artifact.sha256())
                  .append("\"}\n"));
    }
    Path file = directory.inventory();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("cannot write the lab's inventory " + file + ": " + e.getMessage());
    }
    return file;
  }
}
