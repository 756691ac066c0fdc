package io.phoenix.proxmox.client;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What Proxmox said about a failure, before it is typed.
 *
 * @param operation e.g. {@code POST /nodes/pve/lxc/900/clone} or {@code task vzclone}
 * @param status HTTP status, 0 for a task or a connection
 * @param text the error text (reason phrase or body message or task exit status)
 * @param errors per-parameter messages of a 400
 * @param logTail the failed task's last log lines
 */
record PveError(
    String operation, int status, String text, Map<String, String> errors, List<String> logTail) {

  PveError {
    text = text == null ? "" : text.strip();
    errors = errors == null ? Map.of() : Map.copyOf(errors);
    logTail = logTail == null ? List.of() : List.copyOf(logTail);
  }

  String describe() {
    StringBuilder out = new StringBuilder(operation);
    if (status > 0) {
      out.append(" -> ").append(status);
    }
    out.append(": ").append(text.isEmpty() ? "(no error text)" : text);
    if (!errors.isEmpty()) {
      out.append(" ")
          .append(
              errors.entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getKey() + ": " + e.getValue().strip())
                  .collect(Collectors.joining("; ", "[", "]")));
    }
    return out.toString();
  }
}
