package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code .../{vmid}/status}: current state, start, stop, shutdown, for both guest kinds. A refusal
 * (already running, not running, locked) surfaces as the kind's rules say: a container's API call
 * fails at once, a VM's worker fails.
 */
final class PowerHandlers {

  /** How long a {@code shutdown} waits for the guest by default (Proxmox: 60 s for both kinds). */
  private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

  private final GuestAccess access;
  private final World world;
  private final GuestMachines machines;
  private final TaskEngine tasks;
  private final GuestRules rules;

  PowerHandlers(GuestAccess access, TaskEngine tasks, GuestRules rules) {
    this.access = access;
    this.world = access.world();
    this.machines = world.machines();
    this.tasks = tasks;
    this.rules = rules;
  }

  void register(Router router) {
    String type = rules.kind().type();
    String base = "/nodes/{node}/" + type + "/{vmid}/status";
    router.get(
        base + "/current",
        type + ".status",
        c -> {
          Guest guest = guest(c);
          world.observe(guest);
          return GuestLists.status(guest);
        });
    router.mutate("POST", base + "/start", type + ".start", this::start);
    router.mutate("POST", base + "/stop", type + ".stop", c -> stop(c, false));
    router.mutate("POST", base + "/shutdown", type + ".shutdown", c -> stop(c, true));
  }

  private Guest guest(Call call) {
    return access.find(rules.kind(), call.node(), call.vmid());
  }

  private Object start(Call call) {
    Guest guest = guest(call);
    String id = String.valueOf(guest.vmid());
    String type = rules.taskPrefix() + "start";
    String refusal =
        guest
            .lock()
            .map(l -> rules.kind().label() + " is locked (" + l + ")")
            .orElse(
                guest.isTemplate()
                    ? rules.texts().startTemplate()
                    : world.observe(guest)
                        ? rules.kind().label() + " " + id + " already running"
                        : null);
    if (refusal != null) {
      return rules.refuse(call, tasks, type, refusal);
    }
    return tasks.start(
            call.node(),
            type,
            id,
            call.user(),
            List.of(),
            t ->
                access.withConfigLock(
                    guest,
                    () -> {
                      if (guest.isRunning()) {
                        throw PveException.fail(
                            rules.kind().label() + " " + id + " already running");
                      }
                      machines.start(guest);
                      guest.markRunning(Instant.now());
                      return null;
                    }),
            null,
            call.taskError())
        .upid;
  }

  private Object stop(Call call, boolean clean) {
    Guest guest = guest(call);
    String id = String.valueOf(guest.vmid());
    String type = rules.taskPrefix() + (clean ? "shutdown" : "stop");
    if (!world.observe(guest)) {
      return rules.refuse(call, tasks, type, rules.kind().label() + " " + id + " not running");
    }
    if (guest.lock().isPresent() && !call.params().bool("skiplock", false)) {
      return rules.refuse(
          call, tasks, type, rules.kind().label() + " is locked (" + guest.lock().get() + ")");
    }
    Duration timeout =
        call.params()
            .optionalInteger("timeout")
            .map(s -> Duration.ofSeconds(s))
            .orElse(DEFAULT_SHUTDOWN_TIMEOUT);
    return tasks.start(
            call.node(),
            type,
            id,
            call.user(),
            List.of(),
            t -> {
              machines.stop(guest, clean, timeout);
              guest.markStopped();
            },
            null,
            call.taskError())
        .upid;
  }
}
