package io.phoenix.cli.inventory;

import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.common.inventory.Problem;
import java.io.PrintWriter;

/** Prints inventory problems for people: errors always, warnings in full or as a count. */
final class Problems {

  private Problems() {}

  /** Prints the errors (and the warnings when {@code allWarnings}); true when there were errors. */
  static boolean report(InventoryResult result, PrintWriter err, boolean allWarnings) {
    for (Problem problem : result.problems()) {
      if (problem.isError() || allWarnings) {
        err.println(problem.format());
      }
    }
    int warnings = result.warnings().size();
    if (!allWarnings && warnings > 0) {
      err.println(
          warnings + (warnings == 1 ? " warning" : " warnings") + " (phoenix validate shows them)");
    }
    err.flush();
    return result.hasErrors();
  }
}
