package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import java.time.Instant;
import java.util.List;

/**
 * {@code /nodes/{node}/qemu/{vmid}/status}: current state, start, stop, shutdown. Refusals come as
 * a UPID whose task fails ("VM 1001 already running"), unlike a container.
 */
final class QemuPowerHandlers {

  private static final String BASE = "/nodes/{node}/qemu/{vmid}/status";

  private final GuestAccess access;
  private final TaskEngine tasks;

  QemuPowerHandlers(GuestAccess access, TaskEngine tasks) {
    this.access = access;
    this.tasks = tasks;
  }

  void register(Router router) {
    router.get(BASE + "/current", "qemu.status", c -> GuestLists.status(guest(c)));
    router.mutate("POST", BASE + "/start", "qemu.start", this::start);
    router.mutate("POST", BASE + "/stop", "qemu.stop", c -> stop(c, "qmstop"));
    router.mutate("POST", BASE + "/shutdown", "qemu.shutdown", c -> stop(c, "qmshutdown"));
  }

  private Guest guest(Call call) {
    return access.find(GuestKind.QEMU, call.node(), call.vmid());
  }

  private Object start(Call call) {
    Guest guest = guest(call);
    String id = String.valueOf(guest.vmid());
    String refusal =
        guest
            .lock()
            .map(l -> "VM is locked (" + l + ")")
            .orElse(
                guest.isTemplate()
                    ? "you can't start a vm if it's a template"
                    : guest.isRunning() ? "VM " + id + " already running" : null);
    if (refusal != null) {
      return tasks.failed(call.node(), "qmstart", id, call.user(), refusal).upid;
    }
    return tasks.start(
            call.node(),
            "qmstart",
            id,
            call.user(),
            List.of(),
            t ->
                access.withConfigLock(
                    guest,
                    () -> {
                      if (guest.isRunning()) {
                        throw PveException.fail("VM " + id + " already running");
                      }
                      guest.markRunning(Instant.now());
                      return null;
                    }),
            null,
            call.taskError())
        .upid;
  }

  private Object stop(Call call, String type) {
    Guest guest = guest(call);
    String id = String.valueOf(guest.vmid());
    if (!guest.isRunning()) {
      return tasks.failed(call.node(), type, id, call.user(), "VM " + id + " not running").upid;
    }
    if (guest.lock().isPresent() && !call.params().bool("skiplock", false)) {
      String lock = guest.lock().get();
      return tasks.failed(call.node(), type, id, call.user(), "VM is locked (" + lock + ")").upid;
    }
    return tasks.start(
            call.node(),
            type,
            id,
            call.user(),
            List.of(),
            t -> guest.markStopped(),
            null,
            call.taskError())
        .upid;
  }
}
