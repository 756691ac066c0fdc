package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /nodes/{node}/lxc} and {@code /nodes/{node}/qemu}: list, create, clone, config, destroy,
 * for both guest kinds; what differs is in the kind's {@link GuestRules}. Every change a machine
 * must make real ({@link GuestMachines}) happens inside the task's work.
 */
final class GuestHandlers {

  private final GuestAccess access;
  private final World world;
  private final GuestMachines machines;
  private final TaskEngine tasks;
  private final GuestRules rules;
  private final ConfigHandlers configHandlers;

  GuestHandlers(GuestAccess access, TaskEngine tasks, GuestRules rules) {
    this.access = access;
    this.world = access.world();
    this.machines = world.machines();
    this.tasks = tasks;
    this.rules = rules;
    this.configHandlers = new ConfigHandlers(access, tasks, rules);
  }

  void register(Router router) {
    String type = rules.kind().type();
    String base = "/nodes/{node}/" + type;
    router.get(
        base,
        type + ".list",
        c -> {
          access.checkNode(c.node());
          return GuestLists.list(world, rules.kind(), c.node());
        });
    router.mutate("POST", base, type + ".create", this::create);
    router.mutate("DELETE", base + "/{vmid}", type + ".destroy", this::destroy);
    router.mutate("POST", base + "/{vmid}/clone", type + ".clone", this::cloneGuest);
    router.get(base + "/{vmid}/config", type + ".config.get", this::config);
    configHandlers.register(router);
  }

  private Guest guest(Call call) {
    return access.find(rules.kind(), call.node(), call.vmid());
  }

  private Object config(Call call) {
    Guest guest = guest(call);
    if (call.params().has("snapshot")) {
      return access.renderSnapshotConfig(guest, call.params().string("snapshot"));
    }
    return access.renderConfig(guest);
  }

  private Object create(Call call) {
    String node = call.node();
    int vmid = call.vmid();
    access.checkNode(node);
    Guest guest =
        world.atomically(
            () -> {
              access.checkUnused(vmid);
              Guest created = world.createGuest(vmid, rules.kind(), node, rules.newConfig(call));
              if (rules.traits().holdsFileLockWhileCreating()) {
                holdFileLock(created);
              }
              return created;
            });
    boolean start = call.params().bool("start", false);
    return tasks.start(
            node,
            rules.taskPrefix() + "create",
            String.valueOf(vmid),
            call.user(),
            rules.createLog(call, guest),
            t -> {
              machines.create(guest, rules.ostemplate(call));
              rules.afterCreate(call, guest, t);
              release(guest);
              if (start) {
                machines.start(guest);
                guest.markRunning(Instant.now());
              }
            },
            () -> {
              release(guest);
              world.removeGuest(vmid);
            },
            call.taskError())
        .upid;
  }

  private Object cloneGuest(Call call) {
    Params p = call.params();
    String node = call.node();
    int vmid = call.vmid();
    int newid = p.integer("newid");
    Guest[] pair =
        world.atomically(
            () -> {
              Guest source = guest(call);
              GuestAccess.checkLock(source);
              access.checkUnused(newid);
              Map<String, String> config = new TreeMap<>(source.config());
              config.keySet().removeAll(rules.traits().notCloned());
              for (String key : List.of(rules.traits().nameKey(), "description")) {
                if (p.has(key)) {
                  config.put(key, p.string(key));
                }
              }
              rules.renameDisks(config, newid, p.string("storage", null));
              rules.newIdentity(config, vmid);
              config.put("lock", rules.traits().cloneLock());
              if (rules.traits().sourceLockDuringClone() != null) {
                source.setLock(rules.traits().sourceLockDuringClone());
              }
              Guest copy = world.cloneGuest(source, newid, node, config);
              if (rules.traits().holdsFileLockWhileCreating()) {
                holdFileLock(copy);
              }
              return new Guest[] {source, copy};
            });
    Guest source = pair[0];
    Guest copy = pair[1];
    List<String> log = rules.cloneLog(copy, newid);
    return tasks.start(
            node,
            rules.taskPrefix() + "clone",
            String.valueOf(vmid),
            call.user(),
            log.subList(0, 1),
            t -> {
              machines.cloneFrom(source, copy);
              t.log(log.get(1));
              release(copy);
              releaseSource(source);
            },
            () -> {
              release(copy);
              world.removeGuest(newid);
              releaseSource(source);
            },
            call.taskError())
        .upid;
  }

  /** Ends a create or clone: the new guest's {@code lock} value and config file lock go. */
  private void release(Guest guest) {
    guest.setLock(null);
    if (rules.traits().holdsFileLockWhileCreating()) {
      guest.unlockFile();
    }
  }

  private void releaseSource(Guest source) {
    if (rules.traits().sourceLockDuringClone() != null) {
      source.setLock(null);
    }
  }

  private static void holdFileLock(Guest guest) {
    try {
      if (!guest.tryLockFile(Duration.ZERO)) {
        throw PveException.fail(
            "can't lock file '" + GuestAccess.lockFile(guest) + "' - got timeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PveException.fail("interrupted");
    }
  }

  private Object destroy(Call call) {
    Guest guest = guest(call);
    GuestAccess.checkLock(guest);
    if (world.observe(guest)) {
      throw PveException.fail(rules.texts().destroyRunning().formatted(guest.vmid()));
    }
    return tasks.start(
            call.node(),
            rules.taskPrefix() + "destroy",
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            t -> {
              machines.destroy(guest);
              world.removeGuest(guest.vmid());
            },
            null,
            call.taskError())
        .upid;
  }
}
