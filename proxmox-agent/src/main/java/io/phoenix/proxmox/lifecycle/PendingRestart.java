package io.phoenix.proxmox.lifecycle;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Config changes a running guest takes only at its next start, as a step reports them: the output
 * {@code pendingRestart} (the keys, comma-separated) and a line in its changes.
 */
final class PendingRestart {

  /** The output that names the keys waiting for a restart. */
  static final String OUTPUT = "pendingRestart";

  private PendingRestart() {}

  /** The outputs for {@code keys} waiting; none when nothing waits. */
  static Map<String, String> outputs(Collection<String> keys) {
    return keys.isEmpty() ? Map.of() : Map.of(OUTPUT, String.join(",", keys));
  }

  /**
   * The change line for what {@code outputs} name as waiting, or none: says what applies them (a
   * restart, or the start step itself with {@code applyPending: reboot}).
   */
  static List<String> note(Map<String, String> outputs) {
    String keys = outputs.get(OUTPUT);
    if (keys == null) {
      return List.of();
    }
    return List.of(
        "pending restart: "
            + keys.replace(",", ", ")
            + " (take effect when the guest restarts; applyPending: reboot lets its start step"
            + " restart it)");
  }
}
