package io.phoenix.cli.lab;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestMachines.Reality;
import io.phoenix.simulator.world.World;
import java.io.PrintWriter;
import java.nio.file.Path;

/** What {@code phoenix lab} prints about its world: addresses, and each guest's reality. */
final class LabReport {

  private LabReport() {}

  /**
   * The {@code kafka:}, {@code orchestrator:}, {@code proxmox:} lines of {@code up}, and the lab's.
   */
  static void printAddresses(PrintWriter out, LabWorld world, Path worldFile) {
    world.addresses().forEach((k, v) -> out.println(k + ": " + v));
    out.println(
        "lab: "
            + world.lab().directory().root()
            + " (LXC guests are real containers, Debian 12 (bookworm), not Ubuntu;"
            + " QEMU guests are simulated)");
    out.println("bridges: " + String.join(", ", world.lab().bridges()));
    world
        .lab()
        .artifacts()
        .forEach(
            (name, a) ->
                out.println("artifact: " + name + " " + a.url() + " sha256 " + a.sha256()));
    out.println("world: " + worldFile.toAbsolutePath());
  }

  /** One line per guest (real or simulated) and one per thing of it the lab skipped. */
  static void printWorld(PrintWriter out, LabWorld world) {
    World pve = world.lab().world();
    for (Guest guest : pve.guests()) {
      Reality reality = world.lab().reality(guest);
      out.println(
          guest.kind().label()
              + " "
              + guest.vmid()
              + " "
              + guest
                  .config(
                      guest.kind() == io.phoenix.simulator.world.GuestKind.LXC
                          ? "hostname"
                          : "name")
                  .orElse("")
              + ": "
              + (guest.isTemplate() ? "template" : guest.isRunning() ? "running" : "stopped")
              + ", "
              + reality.description());
      reality.skipped().forEach(s -> out.println("    not provided: " + s));
    }
  }
}
