package io.phoenix.common.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory that cannot be used; the message lists every error, one per line. */
public class InventoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InventoryException(List<Problem> problems) {
    super(
        problems.isEmpty()
            ? "the inventory cannot be used"
            : problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
