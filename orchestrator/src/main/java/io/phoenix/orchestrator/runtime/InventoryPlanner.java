package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.Planner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plans against the inventory file as it is when the request arrives (an edited inventory applies
 * to the next build without a restart); the copy bundled into the jar stands in when the file does
 * not exist. An inventory with errors fails the request with every problem listed.
 */
final class InventoryPlanner implements BuildPlanner {

  private final Path file;
  private final Planner planner = new Planner();

  InventoryPlanner(Path file) {
    this.file = file;
  }

  @Override
  public Plan plan(BuildRequest request) {
    return planner.plan(inventory(), request.action(), request.guests());
  }

  private Inventory inventory() {
    if (Files.exists(file)) {
      return InventoryLoader.load(file).orThrow();
    }
    try (InputStream bundled =
        InventoryLoader.class.getResourceAsStream(InventoryLoader.BUNDLED_RESOURCE)) {
      if (bundled == null) {
        throw new IllegalArgumentException(
            "there is no inventory at "
                + file.toAbsolutePath()
                + "; set phoenix.orchestrator.inventory to the inventory file");
      }
      InventoryResult result =
          InventoryLoader.parse(
              new String(bundled.readAllBytes(), StandardCharsets.UTF_8),
              "bundled " + InventoryLoader.BUNDLED_RESOURCE);
      return result.orThrow();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled inventory", e);
    }
  }
}
