package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.proxmox.client.PveClient;
import io.phoenix.proxmox.client.PveException;
import io.phoenix.proxmox.client.PveParams;
import io.phoenix.proxmox.client.Upid;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The guest-level Proxmox calls the lifecycle steps share: find, read, wait, run a task. */
@Component
class GuestApi {

  private final PveClient client;

  GuestApi(PveClient client) {
    this.client = client;
  }

  PveClient client() {
    return client;
  }

  /** The injected clock every wait's deadline is read from. */
  Clock clock() {
    return client.clock();
  }

  static String path(String node, GuestKind kind, int vmid) {
    return "/nodes/" + node + "/" + (kind == GuestKind.LXC ? "lxc" : "qemu") + "/" + vmid;
  }

  /** The guest with {@code vmid} anywhere in the cluster, with its config and status. */
  Optional<ObservedGuest> observe(int vmid) {
    JsonNode resources = client.get("/cluster/resources", PveParams.of("type", "vm"));
    for (JsonNode r : resources) {
      if (r.path("vmid").asInt(-1) != vmid) {
        continue;
      }
      GuestKind kind = "lxc".equals(r.path("type").asString("")) ? GuestKind.LXC : GuestKind.VM;
      String node = r.path("node").asString();
      String base = path(node, kind, vmid);
      try {
        // The values in effect: a running guest's plain GET config shows pending ones as if
        // applied.
        Map<String, String> config = flat(client.get(base + "/config", PveParams.of("current", 1)));
        Map<String, String> pending = new TreeMap<>();
        Set<String> deletes = new TreeSet<>();
        for (JsonNode entry : client.get(base + "/pending")) {
          String key = entry.path("key").asString("");
          if (entry.path("delete").asInt(0) > 0) {
            deletes.add(key);
          } else if (entry.has("pending")) {
            pending.put(key, text(entry.get("pending")));
          }
        }
        String status = client.get(base + "/status/current").path("status").asString("unknown");
        return Optional.of(new ObservedGuest(vmid, node, kind, status, config, pending, deletes));
      } catch (PveException.NotFound e) {
        // destroyed between the listing and the read
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Snapshot names and descriptions (without the {@code current} pseudo-snapshot). */
  Map<String, String> snapshots(ObservedGuest guest) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode s : client.get(guest.path() + "/snapshot")) {
      String name = s.path("name").asString("");
      if (!name.isEmpty() && !"current".equals(name)) {
        out.put(name, s.path("description").asString(""));
      }
    }
    return out;
  }

  /**
   * The config a snapshot recorded ({@code GET .../config?snapshot=<name>}), flattened like the
   * guest's own config so the two compare key by key.
   */
  Map<String, String> snapshotConfig(ObservedGuest guest, String name) {
    return flat(client.get(guest.path() + "/config", PveParams.of("snapshot", name)));
  }

  /** Volume ids of {@code content} on a storage, e.g. {@code local:vztmpl/ubuntu...}. */
  Set<String> volumes(String node, String storage, String content) {
    Set<String> out = new java.util.HashSet<>();
    for (JsonNode v :
        client.get(
            "/nodes/" + node + "/storage/" + storage + "/content",
            PveParams.of("content", content))) {
      out.add(v.path("volid").asString(""));
    }
    return out;
  }

  /**
   * Runs the task an async call answered with (a UPID), forwarding its log to progress; a
   * synchronous answer (null) is returned at once.
   */
  void await(JsonNode answer, StepContext context) {
    if (answer == null || answer.isNull() || !Upid.isUpid(answer.asString(""))) {
      return;
    }
    String upid = answer.asString();
    Upid task = Upid.parse(upid);
    context.progress("task " + task.type() + " started", null);
    Consumer<String> lines = line -> context.progress(task.type() + ": " + line, null);
    var result = client.awaitTask(upid, lines);
    if (!"OK".equals(result.exitStatus())) {
      context.progress("task " + task.type() + " ended with " + result.exitStatus(), null);
    }
  }

  /**
   * Waits until {@code vmid} holds no lock, polling about every task poll interval.
   *
   * @throws PveException.LockTimeout when it is still locked after the lock wait limit
   */
  ObservedGuest awaitUnlocked(int vmid, StepContext context) {
    Instant deadline = clock().instant().plus(client.timeouts().lock());
    String reported = null;
    while (true) {
      ObservedGuest guest =
          observe(vmid)
              .orElseThrow(() -> new GuestGone(vmid + " disappeared while waiting for its lock"));
      if (guest.lock() == null) {
        return guest;
      }
      if (!guest.lock().equals(reported)) {
        context.progress(
            "waiting for " + guest.kindName() + " " + vmid + " lock '" + guest.lock() + "'", null);
        reported = guest.lock();
      }
      if (clock().instant().isAfter(deadline)) {
        throw new StillLocked(
            guest.kindName()
                + " "
                + vmid
                + " is still locked ("
                + guest.lock()
                + ") after "
                + client.timeouts().lock()
                + " (phoenix.proxmox.timeouts.lock)");
      }
      pause(client.timeouts().taskPoll());
    }
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private static Map<String, String> flat(JsonNode config) {
    Map<String, String> out = new LinkedHashMap<>();
    if (config != null && config.isObject()) {
      config
          .properties()
          .forEach(
              e -> {
                JsonNode v = e.getValue();
                if (!v.isNull()) {
                  out.put(e.getKey(), text(v));
                }
              });
    }
    return out;
  }

  private static String text(JsonNode value) {
    return value.isString() ? value.asString() : value.toString();
  }

  /** The guest vanished while a step was waiting on it. */
  static final class GuestGone extends RuntimeException {
    GuestGone(String message) {
      super(message);
    }
  }

  /** A lock did not clear within the lock wait limit. */
  static final class StillLocked extends RuntimeException {
    StillLocked(String message) {
      super(message);
    }
  }
}
