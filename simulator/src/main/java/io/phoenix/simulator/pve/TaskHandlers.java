package io.phoenix.simulator.pve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /nodes/{node}/tasks}: list, status, log and stop. */
final class TaskHandlers {

  private final GuestAccess access;
  private final TaskEngine tasks;

  TaskHandlers(GuestAccess access, TaskEngine tasks) {
    this.access = access;
    this.tasks = tasks;
  }

  void register(Router router) {
    String base = "/nodes/{node}/tasks";
    router.get(base, "task.list", this::list);
    router.get(base + "/{upid}/status", "task.status", c -> task(c).status());
    router.get(base + "/{upid}/log", "task.log", this::log);
    router.read(
        "DELETE",
        base + "/{upid}",
        "task.stop",
        c -> {
          tasks.stop(task(c));
          return null;
        });
  }

  private Task task(Call call) {
    access.checkNode(call.node());
    String upid = call.params().string("upid");
    if (!upid.startsWith("UPID:")) {
      throw PveException.invalid("upid", "unable to parse worker upid '" + upid + "'");
    }
    return tasks
        .find(upid)
        .filter(t -> t.node.equals(call.node()))
        .orElseThrow(() -> PveException.fail("no such task"));
  }

  private Object list(Call call) {
    access.checkNode(call.node());
    Integer vmid = call.params().optionalInteger("vmid").orElse(null);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Task task : tasks.list(call.node())) {
      if (vmid == null || task.id.equals(String.valueOf(vmid))) {
        Map<String, Object> status = task.status();
        if (status.containsKey("exitstatus")) {
          status.put("status", status.remove("exitstatus"));
        } else {
          status.remove("status");
        }
        out.add(status);
      }
    }
    int limit = call.params().optionalInteger("limit").orElse(50);
    return out.subList(0, Math.min(limit, out.size()));
  }

  /** Lines from {@code start}, at most {@code limit}; {@link PveApi} adds {@code total}. */
  private Object log(Call call) {
    List<String> lines = task(call).lines();
    int start = call.params().optionalInteger("start").orElse(0);
    int limit = call.params().optionalInteger("limit").orElse(50);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = start; i < lines.size() && out.size() < limit; i++) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("n", i + 1);
      line.put("t", lines.get(i));
      out.add(line);
    }
    return new Counted(out, lines.size());
  }

  /** A list reply that also carries Proxmox's {@code total}. */
  record Counted(List<?> data, int total) {}
}
