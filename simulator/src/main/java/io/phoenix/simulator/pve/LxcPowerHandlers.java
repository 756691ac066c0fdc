package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import java.time.Instant;
import java.util.List;

/**
 * {@code /nodes/{node}/lxc/{vmid}/status}: current state, start, stop, shutdown. A container that
 * is already running (or not running) is refused synchronously, unlike a VM.
 */
final class LxcPowerHandlers {

  private static final String BASE = "/nodes/{node}/lxc/{vmid}/status";

  private final GuestAccess access;
  private final TaskEngine tasks;

  LxcPowerHandlers(GuestAccess access, TaskEngine tasks) {
    this.access = access;
    this.tasks = tasks;
  }

  void register(Router router) {
    router.get(BASE + "/current", "lxc.status", c -> GuestLists.status(guest(c)));
    router.mutate("POST", BASE + "/start", "lxc.start", this::start);
    router.mutate("POST", BASE + "/stop", "lxc.stop", c -> stop(c, "vzstop"));
    router.mutate("POST", BASE + "/shutdown", "lxc.shutdown", c -> stop(c, "vzshutdown"));
  }

  private Guest guest(Call call) {
    return access.find(GuestKind.LXC, call.node(), call.vmid());
  }

  private Object start(Call call) {
    Guest guest = guest(call);
    GuestAccess.checkLock(guest);
    if (guest.isTemplate()) {
      throw PveException.fail("you can't start a CT if it's a template");
    }
    if (guest.isRunning()) {
      throw PveException.fail("CT " + guest.vmid() + " already running");
    }
    return tasks.start(
            call.node(),
            "vzstart",
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            t -> guest.markRunning(Instant.now()),
            null,
            call.taskError())
        .upid;
  }

  private Object stop(Call call, String type) {
    Guest guest = guest(call);
    if (!guest.isRunning()) {
      throw PveException.fail("CT " + guest.vmid() + " not running");
    }
    return tasks.start(
            call.node(),
            type,
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            t -> guest.markStopped(),
            null,
            call.taskError())
        .upid;
  }
}
