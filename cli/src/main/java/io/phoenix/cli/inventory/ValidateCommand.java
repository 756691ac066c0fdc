package io.phoenix.cli.inventory;

import io.phoenix.common.inventory.InventoryResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code phoenix validate}: every problem of an inventory at once; exit 1 when any is an error. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check an inventory (or the original phoenix configs) and report every problem at once,",
      "with file, line, JSON path and what to change. Exit code 1 on errors, 0 with warnings only."
    })
public final class ValidateCommand implements Callable<Integer> {

  @Mixin InventoryOptions inventory = new InventoryOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InventoryResult result = inventory.load();
    boolean errors = Problems.report(result, err, true);
    int guests = result.inventory() == null ? 0 : result.inventory().guests().size();
    out.println(
        inventory.describe()
            + ": "
            + guests
            + (guests == 1 ? " guest, " : " guests, ")
            + result.errors().size()
            + (result.errors().size() == 1 ? " error, " : " errors, ")
            + result.warnings().size()
            + (result.warnings().size() == 1 ? " warning" : " warnings"));
    out.flush();
    return errors ? 1 : 0;
  }
}
