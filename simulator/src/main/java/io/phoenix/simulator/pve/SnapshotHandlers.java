package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code .../{vmid}/snapshot}: list, create, delete and roll back, for both guest kinds. */
final class SnapshotHandlers {

  private final GuestAccess access;
  private final TaskEngine tasks;
  private final GuestMachines machines;
  private final GuestKind kind;
  private final String prefix;

  SnapshotHandlers(GuestAccess access, TaskEngine tasks, GuestKind kind) {
    this.access = access;
    this.tasks = tasks;
    this.machines = access.world().machines();
    this.kind = kind;
    this.prefix = kind == GuestKind.LXC ? "vz" : "qm";
  }

  void register(Router router) {
    String base = "/nodes/{node}/" + kind.type() + "/{vmid}/snapshot";
    String op = kind.type() + ".snapshot";
    router.get(base, op + ".list", this::list);
    router.mutate("POST", base, op + ".create", this::create);
    router.mutate("DELETE", base + "/{snapname}", op + ".delete", this::delete);
    router.mutate("POST", base + "/{snapname}/rollback", op + ".rollback", this::rollback);
  }

  private Guest guest(Call call) {
    return access.find(kind, call.node(), call.vmid());
  }

  private Object list(Call call) {
    Guest guest = guest(call);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Snapshot snapshot : guest.snapshots()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", snapshot.name());
      entry.put("description", snapshot.description());
      entry.put("snaptime", snapshot.snaptime());
      if (snapshot.parent() != null) {
        entry.put("parent", snapshot.parent());
      }
      out.add(entry);
    }
    Map<String, Object> current = new LinkedHashMap<>();
    current.put("name", "current");
    current.put("description", "You are here!");
    current.put("running", guest.isRunning() ? 1 : 0);
    guest.config("parent").ifPresent(parent -> current.put("parent", parent));
    out.add(current);
    return out;
  }

  private Object create(Call call) {
    Guest guest = guest(call);
    String name = call.params().string("snapname");
    if (Set.of("current", "vzdump").contains(name)) {
      throw PveException.fail("unable to use snapshot name '" + name + "' (reserved name)");
    }
    String description = call.params().string("description", "");
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          if (guest.snapshot(name).isPresent()) {
            throw PveException.fail("snapshot name '" + name + "' already used");
          }
          guest.setLock("snapshot");
          return tasks.start(
                  call.node(),
                  prefix + "snapshot",
                  String.valueOf(guest.vmid()),
                  call.user(),
                  List.of(),
                  t -> {
                    machines.snapshot(guest, name);
                    guest.setLock(null);
                    guest.takeSnapshot(name, description, Instant.now());
                  },
                  () -> guest.setLock(null),
                  call.taskError())
              .upid;
        });
  }

  private Object delete(Call call) {
    Guest guest = guest(call);
    String name = call.params().string("snapname");
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          if (guest.snapshot(name).isEmpty()) {
            throw PveException.fail("snapshot '" + name + "' does not exist");
          }
          guest.setLock("snapshot-delete");
          return tasks.start(
                  call.node(),
                  prefix + "delsnapshot",
                  String.valueOf(guest.vmid()),
                  call.user(),
                  List.of(),
                  t -> {
                    machines.deleteSnapshot(guest, name);
                    guest.removeSnapshot(name);
                    guest.setLock(null);
                  },
                  () -> guest.setLock(null),
                  call.taskError())
              .upid;
        });
  }

  private Object rollback(Call call) {
    Guest guest = guest(call);
    String name = call.params().string("snapname");
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          Snapshot snapshot =
              guest
                  .snapshot(name)
                  .orElseThrow(() -> PveException.fail("snapshot '" + name + "' does not exist"));
          guest.setLock("rollback");
          return tasks.start(
                  call.node(),
                  prefix + "rollback",
                  String.valueOf(guest.vmid()),
                  call.user(),
                  List.of(),
                  t -> {
                    if (guest.isRunning()) {
                      machines.stop(guest, false, Duration.ZERO);
                    }
                    machines.rollback(guest, name);
                    for (String key : guest.config().keySet()) {
                      if (!snapshot.config().containsKey(key)) {
                        guest.removeConfig(key);
                      }
                    }
                    snapshot.config().forEach(guest::setConfig);
                    guest.setConfig("parent", name);
                    guest.markStopped();
                  },
                  () -> guest.setLock(null),
                  call.taskError())
              .upid;
        });
  }
}
