package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;
import java.util.List;

/**
 * The result of one decision: the build's new state and the records to write, all or none.
 *
 * @param state the build after the input and the decision's own events; null when the input belongs
 *     to no known build
 * @param records commands and events, in the order they were decided
 */
public record Decision(BuildState state, List<Outbound> records) {

  public Decision {
    records = List.copyOf(records);
  }

  /** The events among {@link #records()} (everything not sent to a command topic). */
  public List<CloudEvent> events() {
    return records.stream()
        .map(Outbound::record)
        .filter(r -> !r.type().startsWith("phoenix.command."))
        .toList();
  }

  /** The commands among {@link #records()}. */
  public List<CloudEvent> commands() {
    return records.stream()
        .map(Outbound::record)
        .filter(r -> r.type().startsWith("phoenix.command."))
        .toList();
  }
}
