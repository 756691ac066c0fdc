package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.StorageConfig;
import io.phoenix.simulator.world.World;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code /nodes/{node}/lxc}: container create, clone, config, resize, power, template, destroy. */
final class LxcHandlers {

  private static final String BASE = "/nodes/{node}/lxc";
  private static final Set<String> CREATE_ONLY =
      Set.of(
          "node",
          "vmid",
          "ostemplate",
          "password",
          "ssh-public-keys",
          "start",
          "storage",
          "pool",
          "restore",
          "force",
          "unique",
          "ignore-unpack-errors",
          "bwlimit");
  private static final Set<String> NOT_CONFIG =
      Set.of("node", "vmid", "digest", "delete", "revert");

  private final GuestAccess access;
  private final World world;
  private final TaskEngine tasks;

  LxcHandlers(GuestAccess access, TaskEngine tasks) {
    this.access = access;
    this.world = access.world();
    this.tasks = tasks;
  }

  void register(Router router) {
    router.get(
        BASE,
        "lxc.list",
        c -> {
          access.checkNode(c.node());
          return GuestLists.list(world, GuestKind.LXC, c.node());
        });
    router.mutate("POST", BASE, "lxc.create", this::create);
    router.mutate("DELETE", BASE + "/{vmid}", "lxc.destroy", this::destroy);
    router.mutate("POST", BASE + "/{vmid}/clone", "lxc.clone", this::cloneCt);
    router.get(BASE + "/{vmid}/config", "lxc.config.get", c -> config(c));
    router.mutate("PUT", BASE + "/{vmid}/config", "lxc.config.put", this::updateConfig);
    router.mutate("PUT", BASE + "/{vmid}/resize", "lxc.resize", this::resize);
    router.mutate("POST", BASE + "/{vmid}/template", "lxc.template", this::template);
  }

  private Guest guest(Call call) {
    return access.find(GuestKind.LXC, call.node(), call.vmid());
  }

  private Object config(Call call) {
    Guest guest = guest(call);
    if (call.params().has("snapshot")) {
      return access.renderSnapshotConfig(guest, call.params().string("snapshot"));
    }
    return access.renderConfig(guest);
  }

  private Object create(Call call) {
    Params p = call.params();
    String node = call.node();
    int vmid = call.vmid();
    access.checkNode(node);
    String ostemplate = p.string("ostemplate");
    checkFeatures(call);
    Guest guest =
        world.atomically(
            () -> {
              access.checkUnused(vmid);
              if (!world.hasVolume(node, ostemplate)) {
                throw PveException.fail("volume '" + ostemplate + "' does not exist");
              }
              Map<String, String> config = new TreeMap<>();
              p.single()
                  .forEach(
                      (k, v) -> {
                        if (!CREATE_ONLY.contains(k)) {
                          config.put(k, v);
                        }
                      });
              config.putIfAbsent("arch", "amd64");
              config.putIfAbsent("ostype", ostemplate.contains("debian") ? "debian" : "ubuntu");
              config.putIfAbsent("memory", "512");
              config.putIfAbsent("swap", "512");
              config.put(
                  "rootfs",
                  allocateRootfs(
                      node,
                      vmid,
                      config.getOrDefault("rootfs", p.string("storage", "local") + ":4")));
              config.put("lock", "create");
              return world.createGuest(vmid, GuestKind.LXC, node, config);
            });
    if (p.has("ssh-public-keys")) {
      guest
          .files()
          .write(
              "/root/.ssh/authorized_keys",
              p.string("ssh-public-keys").getBytes(StandardCharsets.UTF_8));
    }
    boolean start = p.bool("start", false);
    return tasks.start(
            node,
            "vzcreate",
            String.valueOf(vmid),
            call.user(),
            List.of("extracting archive '" + ostemplate + "'"),
            t -> {
              t.log("Total bytes read: 552120320 (527MiB)");
              guest.setLock(null);
              if (start) {
                guest.markRunning(Instant.now());
              }
            },
            () -> world.removeGuest(vmid),
            call.taskError())
        .upid;
  }

  /** {@code local-lvm:8} becomes {@code local-lvm:vm-103-disk-0,size=8G}. */
  private String allocateRootfs(String node, int vmid, String spec) {
    Map<String, String> parts = PropertyStrings.parse(spec, "volume");
    String volume = parts.get("volume");
    int colon = volume.indexOf(':');
    if (colon < 0) {
      throw PveException.invalid("rootfs", "invalid format - format error");
    }
    String storageId = volume.substring(0, colon);
    StorageConfig storage =
        world
            .storage(node, storageId)
            .orElseThrow(() -> PveException.fail("storage '" + storageId + "' does not exist"));
    if (!storage.accepts("rootdir")) {
      throw PveException.fail("storage '" + storageId + "' does not support container directories");
    }
    String size = volume.substring(colon + 1);
    if (size.matches("\\d+(\\.\\d+)?")) {
      parts.put("volume", storageId + ":vm-" + vmid + "-disk-0");
      parts.put("size", GuestAccess.sizeText(GuestAccess.sizeBytes(size + "G")));
    }
    return PropertyStrings.format(parts, "volume");
  }

  /** Tokens are not root@pam: feature flags other than nesting are refused. */
  private static void checkFeatures(Call call) {
    if (!call.caller().token() || !call.params().has("features")) {
      return;
    }
    for (String key : PropertyStrings.parse(call.params().string("features"), null).keySet()) {
      if (!key.equals("nesting")) {
        throw PveException.forbidden(
            "changing feature flags (except nesting) is only allowed for root@pam");
      }
    }
  }

  private Object cloneCt(Call call) {
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
              config.keySet().removeAll(Set.of("lock", "template", "parent"));
              if (p.has("hostname")) {
                config.put("hostname", p.string("hostname"));
              }
              if (p.has("description")) {
                config.put("description", p.string("description"));
              }
              Map<String, String> rootfs =
                  PropertyStrings.parse(config.getOrDefault("rootfs", "local-lvm:x"), "volume");
              String volume = rootfs.get("volume");
              String storage = p.string("storage", volume.substring(0, volume.indexOf(':')));
              rootfs.put("volume", storage + ":vm-" + newid + "-disk-0");
              config.put("rootfs", PropertyStrings.format(rootfs, "volume"));
              config.put("lock", "create");
              source.setLock("disk");
              return new Guest[] {source, world.cloneGuest(source, newid, node, config)};
            });
    Guest source = pair[0];
    Guest copy = pair[1];
    return tasks.start(
            node,
            "vzclone",
            String.valueOf(vmid),
            call.user(),
            List.of(
                "create full clone of mountpoint rootfs ("
                    + source.config("rootfs").orElse("")
                    + ")"),
            t -> {
              t.log("Logical volume \"vm-" + newid + "-disk-0\" created.");
              copy.setLock(null);
              source.setLock(null);
            },
            () -> {
              world.removeGuest(newid);
              source.setLock(null);
            },
            call.taskError())
        .upid;
  }

  private Object updateConfig(Call call) {
    Guest guest = guest(call);
    checkFeatures(call);
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          boolean deletesUnprivileged =
              List.of(call.params().string("delete", "").split("[,;\\s]+"))
                  .contains("unprivileged");
          if (call.params().has("unprivileged") || deletesUnprivileged) {
            throw PveException.fail("unable to modify read-only option: 'unprivileged'");
          }
          GuestAccess.applyConfig(guest, call.params(), NOT_CONFIG);
          return null;
        });
  }

  private Object resize(Call call) {
    Guest guest = guest(call);
    String disk = call.params().string("disk");
    String sizeParam = call.params().string("size");
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          String spec =
              guest
                  .config(disk)
                  .orElseThrow(
                      () ->
                          PveException.fail("unable to parse " + disk + " - no such mount point"));
          Map<String, String> parts = PropertyStrings.parse(spec, "volume");
          long current = GuestAccess.sizeBytes(parts.getOrDefault("size", "0"));
          long wanted =
              sizeParam.startsWith("+")
                  ? current + GuestAccess.sizeBytes(sizeParam.substring(1))
                  : GuestAccess.sizeBytes(sizeParam);
          if (wanted < current) {
            throw PveException.fail("unable to shrink disk size");
          }
          if (wanted == current) {
            throw PveException.fail("disk is already at specified size");
          }
          return tasks.start(
                  call.node(),
                  "resize",
                  String.valueOf(call.vmid()),
                  call.user(),
                  List.of(
                      "  Size of logical volume pve/"
                          + parts.get("volume").replaceAll(".*:", "")
                          + " changed from "
                          + GuestAccess.sizeText(current)
                          + " to "
                          + GuestAccess.sizeText(wanted)
                          + "."),
                  t -> {
                    parts.put("size", GuestAccess.sizeText(wanted));
                    guest.setConfig(disk, PropertyStrings.format(parts, "volume"));
                  },
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
          if (guest.isTemplate()) {
            throw PveException.fail("you can't convert a template to a template");
          }
          if (guest.isRunning()) {
            throw PveException.fail("you can't convert a CT to template if the CT is running");
          }
          if (!guest.snapshots().isEmpty()) {
            throw PveException.fail("you can't convert a CT to template if it has snapshots");
          }
          guest
              .config("rootfs")
              .ifPresent(r -> guest.setConfig("rootfs", r.replace(":vm-", ":base-")));
          guest.setConfig("template", "1");
          return null;
        });
  }

  private Object destroy(Call call) {
    Guest guest = guest(call);
    GuestAccess.checkLock(guest);
    if (guest.isRunning()) {
      throw PveException.fail("unable to destroy CT " + guest.vmid() + " - container is running");
    }
    return tasks.start(
            call.node(),
            "vzdestroy",
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            t -> world.removeGuest(guest.vmid()),
            null,
            call.taskError())
        .upid;
  }
}
