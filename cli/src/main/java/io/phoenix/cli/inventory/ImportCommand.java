package io.phoenix.cli.inventory;

import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.InventoryWriter;
import io.phoenix.common.inventory.phoenix.PhoenixImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix import <dir>}: the original phoenix configs as a native inventory on stdout. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Print the native inventory (YAML) equivalent to the original phoenix configuration",
      "directory. What cannot be mapped is reported on stderr as a warning naming the file, line,",
      "guest and key. Exit code 1 when the configs have errors."
    })
public final class ImportCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "Directory with phoenix_lxc_configs.json, phoenix_vm_configs.json, ...")
  Path directory;

  @Option(names = "--quiet", description = "Do not list the warnings, only count them.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InventoryResult result = PhoenixImporter.importDirectory(directory);
    boolean errors = Problems.report(result, err, !quiet);
    if (result.inventory() != null) {
      out.println("# Imported from " + directory + " by phoenix import; see docs/inventory.md.");
      out.print(InventoryWriter.toYaml(result.inventory()));
      out.flush();
    }
    return errors ? 1 : 0;
  }
}
