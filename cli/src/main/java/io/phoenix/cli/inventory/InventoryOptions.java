package io.phoenix.cli.inventory;

import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.phoenix.PhoenixImporter;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code --inventory FILE | --phoenix-configs DIR}, shared by every command that reads an
 * inventory. Neither: {@code inventory/phoenix.yaml} in the working directory, else the seed
 * inventory bundled in the jar.
 */
public final class InventoryOptions {

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  static final class Source {
    @Option(
        names = "--inventory",
        paramLabel = "FILE",
        description = "Native inventory (YAML, or JSON when it ends in .json).")
    Path inventory;

    @Option(
        names = "--phoenix-configs",
        paramLabel = "DIR",
        description = "Import the original phoenix configuration directory instead.")
    Path phoenixConfigs;
  }

  /** Reads (or imports) and validates the inventory; never throws for bad input. */
  public InventoryResult load() {
    if (source != null && source.phoenixConfigs != null) {
      return PhoenixImporter.importDirectory(source.phoenixConfigs);
    }
    if (source != null && source.inventory != null) {
      return InventoryLoader.load(source.inventory);
    }
    return InventoryLoader.loadDefault(Path.of(""));
  }

  /** What was read, for messages: the file, the directory, or the default. */
  public String describe() {
    if (source != null && source.phoenixConfigs != null) {
      return source.phoenixConfigs.toString();
    }
    if (source != null && source.inventory != null) {
      return source.inventory.toString();
    }
    return InventoryLoader.DEFAULT_FILE.toFile().isFile()
        ? InventoryLoader.DEFAULT_FILE.toString()
        : "the bundled seed inventory";
  }
}
