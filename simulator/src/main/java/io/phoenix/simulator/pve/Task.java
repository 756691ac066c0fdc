package io.phoenix.simulator.pve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Proxmox task (worker): its UPID fields, state, exit status and log. Thread-safe. */
final class Task {

  final String upid;
  final String node;
  final String type;
  final String id;
  final String user;
  final int pid;
  final long pstart;
  final long starttime;
  private final List<String> log = new ArrayList<>();
  private String exitstatus;
  private long endtime;

  Task(String node, String type, String id, String user, int pid, long pstart, long starttime) {
    this.node = node;
    this.type = type;
    this.id = id;
    this.user = user;
    this.pid = pid;
    this.pstart = pstart;
    this.starttime = starttime;
    this.upid =
        String.format(
            "UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid, pstart, starttime, type, id, user);
  }

  synchronized void log(String line) {
    if (exitstatus == null) {
      log.add(line);
    }
  }

  /** Ends the task: {@code OK}, {@code WARNINGS: n} or the error text. False if it had ended. */
  synchronized boolean finish(String status, long now) {
    if (exitstatus != null) {
      return false;
    }
    exitstatus = status;
    endtime = now;
    log.add(
        status.equals("OK")
            ? "TASK OK"
            : status.startsWith("WARNINGS: ") ? "TASK " + status : "TASK ERROR: " + status);
    return true;
  }

  synchronized boolean running() {
    return exitstatus == null;
  }

  synchronized long warnings() {
    return log.stream().filter(l -> l.startsWith("WARN: ")).count();
  }

  synchronized Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("upid", upid);
    out.put("node", node);
    out.put("pid", pid);
    out.put("pstart", pstart);
    out.put("starttime", starttime);
    out.put("type", type);
    out.put("id", id);
    out.put("user", user);
    out.put("status", exitstatus == null ? "running" : "stopped");
    if (exitstatus != null) {
      out.put("exitstatus", exitstatus);
      out.put("endtime", endtime);
    }
    return out;
  }

  synchronized List<String> lines() {
    return List.copyOf(log);
  }
}
