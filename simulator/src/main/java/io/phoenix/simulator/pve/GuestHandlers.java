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
    router.get(base + "/{vmid}/pending", type + ".pending", c -> access.renderPending(guest(c)));
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
    return access.renderConfig(guest, call.params().bool("current", false));
  }

  private Object create(Call call) {
    String node = call.node();
    int vmid = call.vmid();
    access.checkNode(node);
    Guest guest =
        world.atomically(
            () -> {
              try {
                access.checkUnused(vmid);
              } catch (PveException e) {
                throw PveException.fail(
                    rules.texts().createTaken().formatted(vmid, e.getMessage().strip()));
              }
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
    int vmid = call.vmid();
    int newid = p.integer("newid");
    String node = targetNode(call);
    CloneStart started =
        world.atomically(
            () -> {
              Guest source = guest(call);
              GuestAccess.checkLock(source);
              checkTargetStorage(call, source, node);
              rules.checkClone(call, source, world.observe(source));
              checkCloneTarget(newid);
              SourceHold hold = holdSource(source);
              if (hold == SourceHold.REFUSED) {
                return new CloneStart(source, null, hold);
              }
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
              return new CloneStart(source, copy, hold);
            });
    Guest source = started.source();
    Guest copy = started.copy();
    SourceHold hold = started.hold();
    if (hold == SourceHold.REFUSED) {
      // the worker could not take the source's lock within its second: the clone never began
      return tasks.failedAfter(
              call.node(),
              rules.taskPrefix() + "clone",
              String.valueOf(vmid),
              call.user(),
              "can't lock file '" + GuestAccess.lockFile(source) + "' - got timeout",
              Duration.ofSeconds(1))
          .upid;
    }
    List<String> log = rules.cloneLog(copy, newid);
    return tasks.start(
            call.node(),
            rules.taskPrefix() + "clone",
            String.valueOf(vmid),
            call.user(),
            log.subList(0, 1),
            t -> {
              machines.cloneFrom(source, copy);
              t.log(log.get(1));
              release(copy);
              releaseSource(source, hold);
            },
            () -> {
              release(copy);
              world.removeGuest(newid);
              releaseSource(source, hold);
            },
            call.taskError())
        .upid;
  }

  /** The node the clone goes to: {@code target}, else the source's. */
  private static String targetNode(Call call) {
    String target = call.params().string("target", null);
    return target == null || target.equals("localhost") ? call.node() : target;
  }

  /**
   * A clone to another node needs every disk on storage that node reaches too: a named target
   * storage must be shared, and without one the source's disks must be.
   */
  private void checkTargetStorage(Call call, Guest source, String node) {
    if (node.equals(call.node())) {
      return;
    }
    access.checkNode(node);
    String storage = call.params().string("storage", null);
    if (storage != null) {
      boolean shared = world.storage(call.node(), storage).map(s -> s.shared()).orElse(false);
      if (!shared) {
        throw PveException.fail("can't clone to non-shared storage '" + storage + "'");
      }
      return;
    }
    for (Map.Entry<String, String> disk : source.config().entrySet()) {
      if (!rules.isDisk(disk.getKey()) || !disk.getValue().contains(":")) {
        continue;
      }
      String storageId = disk.getValue().substring(0, disk.getValue().indexOf(':'));
      if (!world.storage(call.node(), storageId).map(s -> s.shared()).orElse(false)) {
        String label = rules.kind().label();
        throw PveException.fail(
            "can't clone " + label + " to node '" + node + "' (" + label + " uses local storage)");
      }
    }
  }

  private void checkCloneTarget(int newid) {
    if (rules.texts().cloneTargetTaken() != null && world.guest(newid).isPresent()) {
      throw PveException.fail(rules.texts().cloneTargetTaken().formatted(newid));
    }
    access.checkUnused(newid);
  }

  /** What a clone call set up before its task: the pair, and how the source is held. */
  private record CloneStart(Guest source, Guest copy, SourceHold hold) {}

  /** How a clone holds its source's config file lock. */
  private enum SourceHold {
    /** It does not (a container's source gets {@code lock: disk} instead). */
    NONE,
    /** Shared: the source is stopped, clones of it run side by side. */
    SHARED,
    /** Exclusive: the source runs. */
    EXCLUSIVE,
    /** Another holder kept it. */
    REFUSED
  }

  private SourceHold holdSource(Guest source) {
    if (!rules.traits().sharesStoppedSource()) {
      return SourceHold.NONE;
    }
    try {
      if (world.observe(source)) {
        return source.tryLockFile(Duration.ZERO) ? SourceHold.EXCLUSIVE : SourceHold.REFUSED;
      }
      return source.tryLockFileShared(Duration.ZERO) ? SourceHold.SHARED : SourceHold.REFUSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PveException.fail("interrupted");
    }
  }

  /** Ends a create or clone: the new guest's {@code lock} value and config file lock go. */
  private void release(Guest guest) {
    guest.setLock(null);
    if (rules.traits().holdsFileLockWhileCreating()) {
      guest.unlockFile();
    }
  }

  private void releaseSource(Guest source, SourceHold hold) {
    if (rules.traits().sourceLockDuringClone() != null) {
      source.setLock(null);
    }
    switch (hold) {
      case SHARED -> source.unlockFileShared();
      case EXCLUSIVE -> source.unlockFile();
      default -> {}
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
