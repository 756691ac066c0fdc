package io.phoenix.cli.lab;

import io.phoenix.cli.client.CliException;
import io.phoenix.common.inventory.Artifact;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryWriter;
import io.phoenix.simulator.lab.LabDirectory;
import io.phoenix.simulator.lab.LabHost.MirroredArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's copy of the inventory, under its data directory: the user's inventory with the
 * artifacts the lab serves pointing at its mirror (URL and real SHA-256), the way an air-gapped
 * site points them at its own. The user's file is never changed.
 */
final class LabInventory {

  private LabInventory() {}

  /** The inventory the lab's orchestrator plans from. */
  static Inventory of(Inventory inventory, Map<String, MirroredArtifact> mirrored) {
    Map<String, Artifact> artifacts = new LinkedHashMap<>(inventory.artifacts());
    mirrored.forEach(
        (name, artifact) ->
            artifacts.put(name, new Artifact(artifact.url().toString(), artifact.sha256())));
    return new Inventory(
        inventory.version(),
        inventory.domain(),
        inventory.nodes(),
        inventory.networks(),
        inventory.ca(),
        inventory.portainer(),
        inventory.stacks(),
        inventory.guests(),
        artifacts);
  }

  /** Writes {@link #of} to the lab's data directory; returns the file. */
  static Path write(
      Inventory inventory, Map<String, MirroredArtifact> mirrored, LabDirectory directory) {
    String yaml =
        "# The lab's copy of the inventory: its artifacts are on the lab's mirror.\n"
            + InventoryWriter.toYaml(of(inventory, mirrored));
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
