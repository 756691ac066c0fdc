package io.phoenix.proxmox.client;

import java.util.List;

/**
 * A task that ended well.
 *
 * @param upid the task
 * @param exitStatus {@code OK} or {@code WARNINGS: n}
 * @param warnings the task log's last lines when it ended with warnings, else empty
 */
public record TaskResult(Upid upid, String exitStatus, List<String> warnings) {

  public TaskResult {
    warnings = List.copyOf(warnings);
  }
}
