package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** {@code /nodes/{node}/qemu}: VM create, clone, config, resize, power, template, destroy. */
final class QemuHandlers {

  private static final String BASE = "/nodes/{node}/qemu";
  private static final Set<String> CREATE_ONLY =
      Set.of(
          "node",
          "vmid",
          "start",
          "storage",
          "pool",
          "archive",
          "force",
          "unique",
          "live-restore",
          "bwlimit",
          "import-working-storage");
  private static final Set<String> NOT_CONFIG =
      Set.of("node", "vmid", "digest", "delete", "revert", "skiplock", "background_delay", "force");

  private final GuestAccess access;
  private final World world;
  private final TaskEngine tasks;
  private final QemuDisks disks;

  QemuHandlers(GuestAccess access, TaskEngine tasks) {
    this.access = access;
    this.world = access.world();
    this.tasks = tasks;
    this.disks = new QemuDisks(world);
  }

  void register(Router router) {
    router.get(
        BASE,
        "qemu.list",
        c -> {
          access.checkNode(c.node());
          return GuestLists.list(world, GuestKind.QEMU, c.node());
        });
    router.mutate("POST", BASE, "qemu.create", this::create);
    router.mutate("DELETE", BASE + "/{vmid}", "qemu.destroy", this::destroy);
    router.mutate("POST", BASE + "/{vmid}/clone", "qemu.clone", this::cloneVm);
    router.get(BASE + "/{vmid}/config", "qemu.config.get", this::config);
    router.mutate("POST", BASE + "/{vmid}/config", "qemu.config.post", c -> updateConfig(c, true));
    router.mutate("PUT", BASE + "/{vmid}/config", "qemu.config.put", c -> updateConfig(c, false));
    router.mutate("PUT", BASE + "/{vmid}/cloudinit", "qemu.cloudinit", this::regenerateCloudinit);
    router.mutate("PUT", BASE + "/{vmid}/resize", "qemu.resize", this::resize);
    router.mutate("POST", BASE + "/{vmid}/template", "qemu.template", this::template);
  }

  private Guest guest(Call call) {
    return access.find(GuestKind.QEMU, call.node(), call.vmid());
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
    Guest guest =
        world.atomically(
            () -> {
              access.checkUnused(vmid);
              Map<String, String> config = new TreeMap<>();
              p.single()
                  .forEach(
                      (k, v) -> {
                        if (!CREATE_ONLY.contains(k)) {
                          config.put(k, v);
                        }
                      });
              disks.allocate(node, vmid, config, call.caller().token());
              hashPassword(config);
              config.put("smbios1", "uuid=" + UUID.randomUUID());
              config.put("vmgenid", UUID.randomUUID().toString());
              config.put("meta", "creation-qemu=9.2.0,ctime=" + Instant.now().getEpochSecond());
              Guest created = world.createGuest(vmid, GuestKind.QEMU, node, config);
              holdFileLock(created);
              return created;
            });
    boolean start = p.bool("start", false);
    return tasks.start(
            node,
            "qmcreate",
            String.valueOf(vmid),
            call.user(),
            importLog(guest),
            t -> {
              guest.unlockFile();
              if (start) {
                guest.markRunning(Instant.now());
              }
            },
            () -> {
              guest.unlockFile();
              world.removeGuest(vmid);
            },
            call.taskError())
        .upid;
  }

  private static List<String> importLog(Guest guest) {
    return guest.config().values().stream()
        .filter(v -> v.contains("-disk-"))
        .map(v -> "  Logical volume \"" + v.replaceAll("^[^:]*:([^,]*).*", "$1") + "\" created.")
        .toList();
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

  private Object cloneVm(Call call) {
    Params p = call.params();
    String node = call.node();
    int vmid = call.vmid();
    int newid = p.integer("newid");
    Guest copy =
        world.atomically(
            () -> {
              Guest source = guest(call);
              GuestAccess.checkLock(source);
              access.checkUnused(newid);
              Map<String, String> config = new TreeMap<>(source.config());
              config.keySet().removeAll(Set.of("lock", "template", "parent", "vmgenid", "meta"));
              config.put(
                  "name", p.string("name", config.getOrDefault("name", "Copy-of-VM-" + vmid)));
              if (p.has("description")) {
                config.put("description", p.string("description"));
              }
              String target = p.string("storage", null);
              int disk = 0;
              for (Map.Entry<String, String> entry : config.entrySet()) {
                if (QemuDisks.DISK_KEY.matcher(entry.getKey()).matches()
                    && entry.getValue().contains(":")) {
                  Map<String, String> parts = PropertyStrings.parse(entry.getValue(), "file");
                  String file = parts.get("file");
                  String storage = target != null ? target : file.substring(0, file.indexOf(':'));
                  parts.put(
                      "file",
                      file.endsWith("-cloudinit")
                          ? storage + ":vm-" + newid + "-cloudinit"
                          : storage + ":vm-" + newid + "-disk-" + disk++);
                  entry.setValue(PropertyStrings.format(parts, "file"));
                }
              }
              config.put("smbios1", "uuid=" + UUID.randomUUID());
              config.put("vmgenid", UUID.randomUUID().toString());
              config.put("lock", "clone");
              Guest created = world.cloneGuest(source, newid, node, config);
              holdFileLock(created);
              return created;
            });
    return tasks.start(
            node,
            "qmclone",
            String.valueOf(vmid),
            call.user(),
            List.of("create full clone of drive scsi0 (" + copy.config("scsi0").orElse("") + ")"),
            t -> {
              t.log("transferred 3.5 GiB of 3.5 GiB (100.00%)");
              copy.setLock(null);
              copy.unlockFile();
            },
            () -> {
              copy.unlockFile();
              world.removeGuest(newid);
            },
            call.taskError())
        .upid;
  }

  private Object updateConfig(Call call, boolean async) {
    Guest guest = guest(call);
    return access.withConfigLock(
        guest,
        () -> {
          if (!call.params().bool("skiplock", false)) {
            GuestAccess.checkLock(guest);
          }
          Map<String, String> changes = new TreeMap<>();
          call.params()
              .single()
              .forEach(
                  (k, v) -> {
                    if (QemuDisks.DISK_KEY.matcher(k).matches()) {
                      changes.put(k, v);
                    }
                  });
          Map<String, String> merged = new TreeMap<>(guest.config());
          merged.putAll(changes);
          disks.allocate(call.node(), guest.vmid(), merged, call.caller().token());
          GuestAccess.applyConfig(guest, call.params(), NOT_CONFIG);
          changes.keySet().forEach(k -> guest.setConfig(k, merged.get(k)));
          guest
              .config("cipassword")
              .filter(p -> !p.startsWith("$"))
              .ifPresent(
                  p -> {
                    Map<String, String> hashed = new TreeMap<>(Map.of("cipassword", p));
                    hashPassword(hashed);
                    guest.setConfig("cipassword", hashed.get("cipassword"));
                  });
          if (!async) {
            return null;
          }
          return tasks.start(
                  call.node(),
                  "qmconfig",
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

  private Object resize(Call call) {
    Guest guest = guest(call);
    String disk = call.params().string("disk");
    String sizeParam = call.params().string("size");
    // Since PVE 8 every check happens inside the worker: failures are task failures.
    return tasks.start(
            call.node(),
            "resize",
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            t ->
                access.withConfigLock(
                    guest,
                    () -> {
                      GuestAccess.checkLock(guest);
                      String spec =
                          guest
                              .config(disk)
                              .orElseThrow(
                                  () -> PveException.fail("disk '" + disk + "' does not exist"));
                      Map<String, String> parts = PropertyStrings.parse(spec, "file");
                      long current = GuestAccess.sizeBytes(parts.getOrDefault("size", "0"));
                      long wanted =
                          sizeParam.startsWith("+")
                              ? current + GuestAccess.sizeBytes(sizeParam.substring(1))
                              : GuestAccess.sizeBytes(sizeParam);
                      if (wanted < current) {
                        throw PveException.fail("shrinking disks is not supported");
                      }
                      if (wanted > current) {
                        parts.put("size", GuestAccess.sizeText(wanted));
                        guest.setConfig(disk, PropertyStrings.format(parts, "file"));
                        t.log(
                            "Size of logical volume changed from "
                                + GuestAccess.sizeText(current)
                                + " to "
                                + GuestAccess.sizeText(wanted)
                                + ".");
                      }
                      return null;
                    }),
            null,
            call.taskError())
        .upid;
  }

  private Object template(Call call) {
    Guest guest = guest(call);
    return access.withConfigLock(
        guest,
        () -> {
          GuestAccess.checkLock(guest);
          if (!guest.snapshots().isEmpty()) {
            throw PveException.fail("unable to create template, because VM contains snapshots");
          }
          if (guest.isTemplate()) {
            throw PveException.fail("you can't convert a template to a template");
          }
          if (guest.isRunning()) {
            throw PveException.fail("you can't convert a VM to template if VM is running");
          }
          return tasks.start(
                  call.node(),
                  "qmtemplate",
                  String.valueOf(guest.vmid()),
                  call.user(),
                  List.of(),
                  t -> {
                    guest
                        .config()
                        .forEach(
                            (k, v) -> {
                              if (QemuDisks.DISK_KEY.matcher(k).matches() && v.contains(":vm-")) {
                                guest.setConfig(k, v.replace(":vm-", ":base-"));
                              }
                            });
                    guest.setConfig("template", "1");
                  },
                  null,
                  call.taskError())
              .upid;
        });
  }

  private Object destroy(Call call) {
    Guest guest = guest(call);
    GuestAccess.checkLock(guest);
    if (guest.isRunning()) {
      throw PveException.fail("VM " + guest.vmid() + " is running - destroy failed");
    }
    return tasks.start(
            call.node(),
            "qmdestroy",
            String.valueOf(guest.vmid()),
            call.user(),
            List.of(),
            t -> world.removeGuest(guest.vmid()),
            null,
            call.taskError())
        .upid;
  }

  /** Proxmox keeps only a crypt hash of {@code cipassword}; the plain text is never stored. */
  private static void hashPassword(Map<String, String> config) {
    String plain = config.get("cipassword");
    if (plain == null || plain.startsWith("$")) {
      return;
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-512")
              .digest(plain.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      config.put(
          "cipassword",
          "$6$phoenixsim$"
              + java.util.Base64.getEncoder()
                  .withoutPadding()
                  .encodeToString(digest)
                  .replace('+', '.'));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
