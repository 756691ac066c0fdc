package io.phoenix.common.inventory;

import java.util.List;

/**
 * What reading an inventory gave: the inventory (null when it could not be read at all), every
 * problem found, and where each part came from.
 *
 * @param inventory the inventory, or null when the file was unreadable or structurally wrong
 * @param problems errors and warnings, in file order where possible
 * @param sources JSON path to file and line
 */
public record InventoryResult(Inventory inventory, List<Problem> problems, SourceMap sources) {

  public InventoryResult {
    problems = List.copyOf(problems);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** The inventory, or an {@link InventoryException} listing every error. */
  public Inventory orThrow() {
    if (inventory == null || hasErrors()) {
      throw new InventoryException(errors());
    }
    return inventory;
  }
}
