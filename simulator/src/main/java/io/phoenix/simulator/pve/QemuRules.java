package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/** qemu-server's rules: see {@link GuestRules}. */
final class QemuRules extends GuestRules {

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

  /**
   * What a running VM takes at once (qemu-server's {@code vmconfig_hotplug_pending} with the
   * default {@code hotplug: network,disk,usb}): the fast-plug options, cloud-init options (they go
   * to the next cloud-init drive), NICs, SCSI and VirtIO disks, balloon and CPU limits; cores,
   * memory, the guest agent option and the rest wait for its next start.
   */
  private static final Set<String> LIVE =
      Set.of(
          "description",
          "hookscript",
          "lock",
          "migrate_downtime",
          "migrate_speed",
          "name",
          "onboot",
          "protection",
          "shares",
          "startup",
          "tags",
          "vmstatestorage",
          "ciuser",
          "cipassword",
          "citype",
          "ciupgrade",
          "cicustom",
          "sshkeys",
          "nameserver",
          "searchdomain",
          "balloon",
          "cpuunits",
          "cpulimit");

  private static final Pattern LIVE_INDEXED =
      Pattern.compile("^(net|ipconfig|scsi|virtio|unused)\\d+$");

  private final GuestAccess access;
  private final QemuDisks disks;

  QemuRules(GuestAccess access) {
    super(
        new Traits(
            GuestKind.QEMU,
            "qm",
            "name",
            "file",
            QemuDisks.DISK_KEY,
            CREATE_ONLY,
            NOT_CONFIG,
            Set.of("lock", "template", "parent", "vmgenid", "meta"),
            "clone",
            null,
            true,
            true,
            true,
            true,
            false),
        new Texts(
            "you can't convert a VM to template if VM is running",
            "unable to create template, because VM contains snapshots",
            "you can't start a vm if it's a template",
            "VM %d is running - destroy failed",
            "disk '%s' does not exist",
            "shrinking disks is not supported",
            null,
            "unable to create VM %1$d - %2$s",
            "unable to create VM %d: config file already exists",
            "VM quit/powerdown failed - got timeout"),
        access);
    this.access = access;
    this.disks = new QemuDisks(access.world());
  }

  @Override
  Map<String, String> newConfig(Call call) {
    Map<String, String> config = configParams(call);
    disks.allocate(call.node(), call.vmid(), config, call.caller().token());
    hashPassword(config);
    config.put("smbios1", "uuid=" + UUID.randomUUID());
    config.put("vmgenid", UUID.randomUUID().toString());
    config.put("meta", "creation-qemu=9.2.0,ctime=" + Instant.now().getEpochSecond());
    config.put("lock", "create"); // qemu-server reserves the config with it until the task ends
    writeAll(config, false);
    return config;
  }

  @Override
  String ostemplate(Call call) {
    return null;
  }

  @Override
  List<String> createLog(Call call, Guest guest) {
    return guest.config().values().stream()
        .filter(v -> v.contains("-disk-"))
        .map(v -> "  Logical volume \"" + v.replaceAll("^[^:]*:([^,]*).*", "$1") + "\" created.")
        .toList();
  }

  @Override
  void afterCreate(Call call, Guest guest, Task task) {
    // cloud-init and the guest agent bring a VM's keys; nothing is written into its disk here
  }

  @Override
  void renameDisks(Map<String, String> config, int newid, String targetStorage) {
    int disk = 0;
    for (Map.Entry<String, String> entry : config.entrySet()) {
      if (isDisk(entry.getKey()) && entry.getValue().contains(":")) {
        Map<String, String> parts = PropertyStrings.parse(entry.getValue(), "file");
        String file = parts.get("file");
        String storage =
            targetStorage != null ? targetStorage : file.substring(0, file.indexOf(':'));
        parts.put(
            "file",
            file.endsWith("-cloudinit")
                ? storage + ":vm-" + newid + "-cloudinit"
                : storage + ":vm-" + newid + "-disk-" + disk++);
        entry.setValue(PropertyStrings.format(parts, "file"));
      }
    }
  }

  @Override
  void newIdentity(Map<String, String> config, int sourceVmid) {
    config.putIfAbsent("name", "Copy-of-VM-" + sourceVmid);
    config.put("smbios1", "uuid=" + UUID.randomUUID());
    config.put("vmgenid", UUID.randomUUID().toString());
    writeAll(config, true);
  }

  @Override
  List<String> cloneLog(Guest copy, int newid) {
    return List.of(
        "create full clone of drive scsi0 (" + copy.config("scsi0").orElse("") + ")",
        "transferred 3.5 GiB of 3.5 GiB (100.00%)");
  }

  @Override
  void checkClone(Call call, Guest source, boolean running) {
    // a running VM is copied by its block jobs; its source is locked exclusively meanwhile
  }

  @Override
  void checkChange(Call call, Guest guest) {
    // every key the schema accepts may change on a VM
  }

  @Override
  Set<String> applyChange(Call call, Guest guest) {
    Map<String, String> values = changedValues(call);
    Map<String, String> changedDisks = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (isDisk(k)) {
            changedDisks.put(k, v);
          }
        });
    if (!changedDisks.isEmpty()) {
      Map<String, String> merged = new TreeMap<>(guest.config());
      merged.putAll(changedDisks);
      disks.allocate(call.node(), guest.vmid(), merged, call.caller().token());
      writeAll(merged, false);
      changedDisks.keySet().forEach(k -> values.put(k, merged.get(k)));
    }
    hashPassword(values);
    return GuestAccess.applyConfig(guest, call.params(), values, live(guest));
  }

  @Override
  void completeNic(Map<String, String> nic, boolean newMac) {
    if (newMac || !nic.containsKey("macaddr")) {
      nic.put("macaddr", randomMac());
    }
  }

  @Override
  boolean appliesLive(Guest guest, String key) {
    return LIVE.contains(key) || LIVE_INDEXED.matcher(key).matches();
  }

  @Override
  String resizedLog(String volume, long current, long wanted) {
    return "Size of logical volume changed from "
        + GuestAccess.sizeText(current)
        + " to "
        + GuestAccess.sizeText(wanted)
        + ".";
  }

  /** Proxmox keeps only a crypt hash of {@code cipassword}; the plain text is never stored. */
  private static void hashPassword(Map<String, String> config) {
    String plain = config.get("cipassword");
    if (plain == null || plain.startsWith("$")) {
      return;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-512").digest(plain.getBytes(StandardCharsets.UTF_8));
      config.put(
          "cipassword",
          "$6$phoenixsim$"
              + Base64.getEncoder().withoutPadding().encodeToString(digest).replace('+', '.'));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
