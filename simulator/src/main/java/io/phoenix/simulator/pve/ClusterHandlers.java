package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.NodeConfig;
import io.phoenix.simulator.world.StorageConfig;
import io.phoenix.simulator.world.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /version}, {@code /cluster/*} and {@code /nodes}, {@code /nodes/{node}/status}. */
final class ClusterHandlers {

  private final GuestAccess access;
  private final World world;
  private final String fingerprint;

  ClusterHandlers(GuestAccess access, String fingerprint) {
    this.access = access;
    this.world = access.world();
    this.fingerprint = fingerprint;
  }

  void register(Router router) {
    router.get(
        "/version",
        "version",
        c -> Map.of("version", "9.1.1", "release", "9.1", "repoid", "42db4a6cf33dac83"));
    router.get("/cluster/nextid", "cluster.nextid", this::nextid);
    router.get("/cluster/resources", "cluster.resources", this::resources);
    router.get("/nodes", "nodes.list", c -> nodes());
    router.get("/nodes/{node}/status", "node.status", this::nodeStatus);
  }

  /** A string, as Proxmox returns it; it reserves nothing, so two callers can get the same id. */
  private Object nextid(Call call) {
    List<Integer> used = world.vmids();
    if (call.params().has("vmid")) {
      int wanted = call.params().integer("vmid");
      if (used.contains(wanted)) {
        throw PveException.invalid("vmid", "VM " + wanted + " already exists");
      }
      return String.valueOf(wanted);
    }
    int id = 100;
    while (used.contains(id)) {
      id++;
    }
    return String.valueOf(id);
  }

  private Object resources(Call call) {
    String type = call.params().string("type", null);
    List<Map<String, Object>> out = new ArrayList<>();
    if (type == null || type.equals("vm")) {
      for (Guest guest : world.guests()) {
        Map<String, Object> status = GuestLists.status(guest);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", guest.kind().type() + "/" + guest.vmid());
        entry.put("type", guest.kind().type());
        entry.put("vmid", guest.vmid());
        entry.put("node", guest.node());
        entry.put("name", status.get("name"));
        entry.put("status", status.get("status"));
        entry.put("template", guest.isTemplate() ? 1 : 0);
        entry.put("maxmem", status.get("maxmem"));
        entry.put("maxcpu", status.get("cpus"));
        entry.put("maxdisk", status.get("maxdisk"));
        entry.put("uptime", status.get("uptime"));
        guest.lock().ifPresent(lock -> entry.put("lock", lock));
        out.add(entry);
      }
    }
    if (type == null || type.equals("node")) {
      out.addAll(nodes());
    }
    if (type == null || type.equals("storage")) {
      for (NodeConfig node : world.config().nodes()) {
        for (StorageConfig storage : node.storages()) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("id", "storage/" + node.name() + "/" + storage.id());
          entry.put("type", "storage");
          entry.put("storage", storage.id());
          entry.put("node", node.name());
          entry.put("status", "available");
          entry.put("content", String.join(",", storage.content()));
          entry.put("plugintype", storage.type());
          entry.put("maxdisk", storage.totalBytes());
          entry.put("shared", 0);
          out.add(entry);
        }
      }
    }
    return out;
  }

  private List<Map<String, Object>> nodes() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (NodeConfig node : world.config().nodes()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", "node/" + node.name());
      entry.put("type", "node");
      entry.put("node", node.name());
      entry.put("status", "online");
      entry.put("cpu", 0.02);
      entry.put("maxcpu", node.cpus());
      entry.put("mem", node.memoryBytes() / 8);
      entry.put("maxmem", node.memoryBytes());
      entry.put("uptime", 3600);
      entry.put("level", "");
      entry.put("ssl_fingerprint", fingerprint);
      out.add(entry);
    }
    return out;
  }

  private Object nodeStatus(Call call) {
    String name = call.node();
    access.checkNode(name);
    NodeConfig node = world.node(name).orElseThrow();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uptime", 3600);
    out.put("cpu", 0.02);
    out.put("wait", 0);
    out.put("loadavg", List.of("0.10", "0.12", "0.09"));
    out.put("kversion", "Linux 6.14.8-2-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.8-2");
    out.put("pveversion", "pve-manager/9.1.1/42db4a6cf33dac83");
    out.put(
        "cpuinfo",
        Map.of(
            "cpus",
            node.cpus(),
            "cores",
            node.cpus(),
            "sockets",
            1,
            "model",
            "Phoenix simulated CPU",
            "mhz",
            "2400.000"));
    out.put(
        "memory",
        Map.of(
            "total",
            node.memoryBytes(),
            "used",
            node.memoryBytes() / 8,
            "free",
            node.memoryBytes() - node.memoryBytes() / 8));
    out.put("swap", Map.of("total", 0, "used", 0, "free", 0));
    out.put(
        "rootfs",
        Map.of("total", 100L << 30, "used", 10L << 30, "avail", 90L << 30, "free", 90L << 30));
    return out;
  }
}
