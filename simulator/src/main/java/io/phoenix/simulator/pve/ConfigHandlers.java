package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.GuestMachines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changes to an existing guest's config, for both kinds: config updates, disk resize, template
 * conversion (and a VM's cloud-init regeneration). What differs is in the kind's {@link
 * GuestRules}.
 */
final class ConfigHandlers {

  private final GuestAccess access;
  private final GuestMachines machines;
  private final TaskEngine tasks;
  private final GuestRules rules;

  ConfigHandlers(GuestAccess access, TaskEngine tasks, GuestRules rules) {
    this.access = access;
    this.machines = access.world().machines();
    this.tasks = tasks;
    this.rules = rules;
  }

  void register(Router router) {
    String type = rules.kind().type();
    String base = "/nodes/{node}/" + type + "/{vmid}";
    router.mutate("PUT", base + "/config", type + ".config.put", c -> updateConfig(c, false));
    if (rules.kind() == GuestKind.QEMU) {
      // qemu-server also offers the config change as an asynchronous worker, and cloud-init
      router.mutate("POST", base + "/config", type + ".config.post", c -> updateConfig(c, true));
      router.mutate("PUT", base + "/cloudinit", type + ".cloudinit", this::regenerateCloudinit);
    }
    router.mutate("PUT", base + "/resize", type + ".resize", this::resize);
    router.mutate("POST", base + "/template", type + ".template", this::template);
  }

  private Guest guest(Call call) {
    return access.find(rules.kind(), call.node(), call.vmid());
  }

  private Object updateConfig(Call call, boolean async) {
    Guest guest = guest(call);
    return access.withConfigLock(
        guest,
        () -> {
          if (!call.params().bool("skiplock", false)) {
            GuestAccess.checkLock(guest);
          }
          rules.checkChange(call, guest);
          Set<String> touched = rules.applyChange(call, guest);
          machines.configured(guest, touched);
          if (!async) {
            return null;
          }
          return tasks.start(
                  call.node(),
                  rules.taskPrefix() + "config",
                  String.valueOf(guest.vmid()),
                  call.user(),
                  List.of(),
                  t -> {},
                  null,
                  call.taskError())
              .upid;
        });
  }

  private Object regenerateCloudinit(Call call) {
    Guest guest = guest(call);
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          return null;
        });
  }

  /** The size a resize asks for, checked against the disk's current size. */
  private record Resize(Map<String, String> parts, long current, long wanted) {}

  private Resize checkResize(Guest guest, String disk, String sizeParam) {
    GuestAccess.checkLock(guest);
    String spec =
        guest
            .config(disk)
            .orElseThrow(() -> PveException.fail(rules.texts().noSuchDisk().formatted(disk)));
    Map<String, String> parts = PropertyStrings.parse(spec, rules.traits().volumeKey());
    long current = GuestAccess.sizeBytes(parts.getOrDefault("size", "0"));
    long wanted =
        sizeParam.startsWith("+")
            ? current + GuestAccess.sizeBytes(sizeParam.substring(1))
            : GuestAccess.sizeBytes(sizeParam);
    if (wanted < current) {
      throw PveException.fail(rules.texts().shrink());
    }
    if (wanted == current && rules.texts().sameSize() != null) {
      throw PveException.fail(rules.texts().sameSize());
    }
    return new Resize(parts, current, wanted);
  }

  private void applyResize(Task task, Guest guest, String disk, Resize resize) {
    if (resize.wanted() == resize.current()) {
      return;
    }
    task.log(
        rules.resizedLog(
            resize.parts().get(rules.traits().volumeKey()), resize.current(), resize.wanted()));
    resize.parts().put("size", GuestAccess.sizeText(resize.wanted()));
    guest.setConfig(disk, PropertyStrings.format(resize.parts(), rules.traits().volumeKey()));
    machines.configured(guest, Set.of(disk));
  }

  private Object resize(Call call) {
    Guest guest = guest(call);
    String disk = call.params().string("disk");
    String size = call.params().string("size");
    String type = "resize";
    String id = String.valueOf(guest.vmid());
    if (rules.traits().resizeChecksInTask()) {
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
                        applyResize(t, guest, disk, checkResize(guest, disk, size));
                        return null;
                      }),
              null,
              call.taskError())
          .upid;
    }
    return access.withConfigLock(
        guest,
        () -> {
          Resize resize = checkResize(guest, disk, size);
          return tasks.start(
                  call.node(),
                  type,
                  id,
                  call.user(),
                  List.of(),
                  t -> applyResize(t, guest, disk, resize),
                  null,
                  call.taskError())
              .upid;
        });
  }

  private Object template(Call call) {
    Guest guest = guest(call);
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          List<String> refusals = new ArrayList<>();
          if (!guest.snapshots().isEmpty() && rules.traits().checksSnapshotsFirst()) {
            refusals.add(rules.texts().templateSnapshots());
          }
          if (guest.isTemplate()) {
            refusals.add("you can't convert a template to a template");
          }
          if (access.world().observe(guest)) {
            refusals.add(rules.texts().templateRunning());
          }
          if (!guest.snapshots().isEmpty()) {
            refusals.add(rules.texts().templateSnapshots());
          }
          if (!refusals.isEmpty()) {
            throw PveException.fail(refusals.get(0));
          }
          if (rules.kind() == GuestKind.LXC) {
            // pve-container converts in the API call itself and answers null
            convert(guest);
            return null;
          }
          return tasks.start(
                  call.node(),
                  rules.taskPrefix() + "template",
                  String.valueOf(guest.vmid()),
                  call.user(),
                  List.of(),
                  t -> convert(guest),
                  null,
                  call.taskError())
              .upid;
        });
  }

  /** Its disks become base volumes, read-only, that clones copy. */
  private void convert(Guest guest) {
    machines.template(guest);
    guest
        .config()
        .forEach(
            (k, v) -> {
              if (rules.isDisk(k) && v.contains(":vm-")) {
                guest.setConfig(k, v.replace(":vm-", ":base-"));
              }
            });
    guest.setConfig("template", "1");
  }
}
