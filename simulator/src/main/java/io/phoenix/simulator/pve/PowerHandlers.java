package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

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
                      // a start applies what was changed while the guest ran
                      Set<String> applied = guest.applyPending();
                      if (!applied.isEmpty()) {
                        machines.configured(guest, applied);
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
    boolean force = call.params().bool("forceStop", false);
    if (clean && outlastsTimeout(guest, type, timeout)) {
      return shutdownTimedOut(call, guest, type, timeout, force);
    }
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

  /**
   * Whether a simulated guest takes longer to shut down (its type's duration at speed 1) than the
   * call allows; a real machine's own stop decides for itself.
   */
  private boolean outlastsTimeout(Guest guest, String type, Duration timeout) {
    return !machines.reality(guest).real()
        && tasks.scaled(timeout).compareTo(tasks.duration(type)) < 0;
  }

  /**
   * The shutdown's task ends when the timeout is up: with {@code forceStop} the guest is then
   * stopped hard (the task succeeds), else the task fails with the kind's text and the guest runs
   * on.
   */
  private Object shutdownTimedOut(
      Call call, Guest guest, String type, Duration timeout, boolean force) {
    String text = rules.texts().shutdownTimedOut();
    return tasks.start(
            call.node(),
            type,
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            tasks.scaled(timeout),
            t -> {
              if (!force) {
                throw PveException.fail(text);
              }
              t.log(text.replaceAll(" - got timeout$", "") + " - terminating now with SIGTERM");
              machines.stop(guest, false, Duration.ZERO);
              guest.markStopped();
            },
            null,
            call.taskError())
        .upid;
  }
}
