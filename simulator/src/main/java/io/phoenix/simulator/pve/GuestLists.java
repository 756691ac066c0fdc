package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Guest lists and {@code status/current}, shared by containers and VMs. */
final class GuestLists {

  private GuestLists() {}

  static List<Map<String, Object>> list(World world, GuestKind kind, String node) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Guest guest : world.guests()) {
      if (guest.kind() == kind && guest.node().equals(node)) {
        out.add(status(guest));
      }
    }
    return out;
  }

  /** The fields {@code status/current} and the guest lists share. */
  static Map<String, Object> status(Guest guest) {
    Map<String, String> config = guest.config();
    Map<String, Object> out = new LinkedHashMap<>();
    boolean running = guest.isRunning();
    long memory =
        Long.parseLong(
            guest.config("memory").orElse(guest.kind() == GuestKind.LXC ? "512" : "2048"));
    out.put("vmid", guest.vmid());
    out.put(
        "name",
        guest
            .config(guest.kind() == GuestKind.LXC ? "hostname" : "name")
            .orElse((guest.kind() == GuestKind.LXC ? "CT" : "VM") + guest.vmid()));
    out.put("status", running ? "running" : "stopped");
    out.put("type", guest.kind().type());
    out.put("cpus", Integer.parseInt(guest.config("cores").orElse("1")));
    out.put("maxmem", memory * 1024 * 1024);
    out.put("mem", running ? memory * 1024 * 1024 / 4 : 0);
    out.put("maxdisk", diskBytes(guest));
    out.put("disk", 0);
    out.put("cpu", running ? 0.01 : 0);
    out.put(
        "uptime",
        guest.startedAt().map(t -> Duration.between(t, Instant.now()).toSeconds()).orElse(0L));
    out.put("netin", 0);
    out.put("netout", 0);
    out.put("diskread", 0);
    out.put("diskwrite", 0);
    out.put("ha", Map.of("managed", 0));
    if (running) {
      out.put("pid", 10_000 + guest.vmid());
    }
    guest.lock().ifPresent(lock -> out.put("lock", lock));
    if (guest.isTemplate()) {
      out.put("template", 1);
    }
    if (guest.kind() == GuestKind.QEMU) {
      out.put("qmpstatus", running ? "running" : "stopped");
      if (guest.config("agent").map(a -> a.matches("^(enabled=)?1.*")).orElse(false)) {
        out.put("agent", 1);
      }
      if (running) {
        out.put("running-machine", "pc-i440fx-9.2+pve1");
        out.put("running-qemu", "9.2.0");
      }
    }
    if (config.containsKey("tags")) {
      out.put("tags", config.get("tags"));
    }
    return out;
  }

  static long diskBytes(Guest guest) {
    String key = guest.kind() == GuestKind.LXC ? "rootfs" : "scsi0";
    return guest
        .config(key)
        .map(spec -> PropertyStrings.parse(spec, "volume").get("size"))
        .map(GuestAccess::sizeBytes)
        .orElse(0L);
  }
}
