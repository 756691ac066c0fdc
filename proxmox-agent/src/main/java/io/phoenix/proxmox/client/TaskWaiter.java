package io.phoenix.proxmox.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** Polls a task by its UPID until it stops, forwarding its log lines; types a failed one. */
final class TaskWaiter {

  private static final int LOG_TAIL = 20;

  private final PveClient client;
  private final Duration poll;

  TaskWaiter(PveClient client, Duration poll) {
    this.client = client;
    this.poll = poll;
  }

  TaskResult await(String upid, Duration timeout, Consumer<String> logLines) {
    Upid task = Upid.parse(upid);
    String prefix = "/nodes/" + task.node() + "/tasks/" + upid;
    Instant deadline = client.clock().instant().plus(timeout);
    int seen = 0;
    while (true) {
      JsonNode status = client.get(prefix + "/status");
      if (logLines != null) {
        seen = forwardLog(prefix, seen, logLines);
      }
      if ("stopped".equals(PveClient.text(status, "status"))) {
        String exit = PveClient.text(status, "exitstatus");
        if ("OK".equals(exit)) {
          return new TaskResult(task, exit, List.of());
        }
        List<String> tail = logTail(prefix);
        if (exit != null && exit.startsWith("WARNINGS")) {
          return new TaskResult(task, exit, tail);
        }
        throw PveErrors.classify(
            new PveError("task " + task.type() + " " + upid, 0, exit, Map.of(), tail));
      }
      if (client.clock().instant().isAfter(deadline)) {
        throw new PveException.TaskTimedOut(
            new PveError(
                "task " + task.type() + " " + upid,
                0,
                "still running after "
                    + timeout
                    + " (raise phoenix.proxmox.timeouts.tasks."
                    + task.type()
                    + ")",
                Map.of(),
                logTail(prefix)));
      }
      PveClient.pause(poll);
    }
  }

  private int forwardLog(String prefix, int seen, Consumer<String> logLines) {
    JsonNode lines = client.get(prefix + "/log", PveParams.of("start", seen).with("limit", 500));
    int next = seen;
    for (JsonNode line : lines) {
      String t = PveClient.text(line, "t");
      next = Math.max(next, line.path("n").asInt(next));
      if (t != null && !t.isBlank() && !t.startsWith("TASK OK")) {
        logLines.accept(t);
      }
    }
    return next;
  }

  private List<String> logTail(String prefix) {
    try {
      JsonNode lines = client.get(prefix + "/log", PveParams.of("start", 0).with("limit", 10000));
      List<String> all = new ArrayList<>();
      lines.forEach(l -> all.add(l.path("t").asString("")));
      return all.subList(Math.max(0, all.size() - LOG_TAIL), all.size());
    } catch (PveException e) {
      return List.of("(task log unavailable: " + e.getMessage() + ")");
    }
  }
}
