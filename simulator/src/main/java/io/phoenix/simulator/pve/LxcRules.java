package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.StorageConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** pve-container's rules: see {@link GuestRules}. */
final class LxcRules extends GuestRules {

  private static final Pattern DISK_KEY = Pattern.compile("^(rootfs|mp\\d+)$");
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

  /**
   * What a running container takes at once (pve-container's {@code vmconfig_hotplug_pending}): the
   * fast-plug options, cgroup limits, NICs and new mount points; the rest waits for its next start.
   */
  private static final Set<String> LIVE =
      Set.of(
          "description",
          "onboot",
          "startup",
          "protection",
          "hostname",
          "hookscript",
          "cores",
          "tags",
          "lock",
          "cpulimit",
          "cpuunits",
          "memory",
          "swap");

  private static final Pattern LIVE_INDEXED = Pattern.compile("^(net|unused)\\d+$");
  private static final Pattern MOUNT_POINT = Pattern.compile("^mp\\d+$");

  private final GuestAccess access;

  LxcRules(GuestAccess access) {
    super(
        new Traits(
            GuestKind.LXC,
            "vz",
            "hostname",
            "volume",
            DISK_KEY,
            CREATE_ONLY,
            NOT_CONFIG,
            Set.of("lock", "template", "parent"),
            "create",
            "disk",
            false,
            false,
            false,
            false,
            true),
        new Texts(
            "you can't convert a CT to template if the CT is running",
            "you can't convert a CT to template if it has snapshots",
            "you can't start a CT if it's a template",
            "unable to destroy CT %d - container is running",
            "unable to parse %s - no such mount point",
            "unable to shrink disk size",
            "disk is already at specified size",
            "%2$s",
            null,
            "container did not stop"),
        access);
    this.access = access;
  }

  @Override
  Map<String, String> newConfig(Call call) {
    Params p = call.params();
    String ostemplate = p.string("ostemplate");
    checkFeatures(call);
    if (!access.world().hasVolume(call.node(), ostemplate)) {
      throw PveException.fail("volume '" + ostemplate + "' does not exist");
    }
    Map<String, String> config = configParams(call);
    config.putIfAbsent("arch", "amd64");
    config.putIfAbsent("ostype", ostemplate.contains("debian") ? "debian" : "ubuntu");
    config.putIfAbsent("memory", "512");
    config.putIfAbsent("swap", "512");
    config.put(
        "rootfs",
        allocateRootfs(
            call.node(),
            call.vmid(),
            config.getOrDefault("rootfs", p.string("storage", "local") + ":4")));
    config.put("lock", "create");
    writeAll(config, false);
    return config;
  }

  @Override
  String ostemplate(Call call) {
    return call.params().string("ostemplate");
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
        access
            .world()
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

  @Override
  List<String> createLog(Call call, Guest guest) {
    return List.of("extracting archive '" + call.params().string("ostemplate") + "'");
  }

  @Override
  void afterCreate(Call call, Guest guest, Task task) {
    task.log("Total bytes read: 552120320 (527MiB)");
    if (call.params().has("ssh-public-keys")) {
      guest
          .files()
          .write(
              "/root/.ssh/authorized_keys",
              call.params().string("ssh-public-keys").getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  void renameDisks(Map<String, String> config, int newid, String targetStorage) {
    Map<String, String> rootfs =
        PropertyStrings.parse(config.getOrDefault("rootfs", "local-lvm:x"), "volume");
    String volume = rootfs.get("volume");
    String storage =
        targetStorage != null ? targetStorage : volume.substring(0, volume.indexOf(':'));
    rootfs.put("volume", storage + ":vm-" + newid + "-disk-0");
    config.put("rootfs", PropertyStrings.format(rootfs, "volume"));
  }

  @Override
  void newIdentity(Map<String, String> config, int sourceVmid) {
    // keeps its source's hostname; its NICs get new MACs ("always change MAC! address")
    writeAll(config, true);
  }

  @Override
  List<String> cloneLog(Guest copy, int newid) {
    return List.of(
        "create full clone of mountpoint rootfs (" + copy.config("rootfs").orElse("") + ")",
        "Logical volume \"vm-" + newid + "-disk-0\" created.");
  }

  /** A running container is only fully cloned from a snapshot (its disk is in use). */
  @Override
  void checkClone(Call call, Guest source, boolean running) {
    boolean full = call.params().bool("full", !source.isTemplate());
    if (full && running && !call.params().has("snapname")) {
      throw PveException.fail("Full clone of a running container is only possible from a snapshot");
    }
  }

  @Override
  void checkChange(Call call, Guest guest) {
    checkFeatures(call);
    boolean deletesUnprivileged =
        List.of(call.params().string("delete", "").split("[,;\\s]+")).contains("unprivileged");
    if (call.params().has("unprivileged") || deletesUnprivileged) {
      throw PveException.fail("unable to modify read-only option: 'unprivileged'");
    }
  }

  @Override
  Set<String> applyChange(Call call, Guest guest) {
    return GuestAccess.applyConfig(guest, call.params(), changedValues(call), live(guest));
  }

  @Override
  void completeNic(Map<String, String> nic, boolean newMac) {
    nic.put("type", "veth");
    if (newMac || !nic.containsKey("hwaddr")) {
      nic.put("hwaddr", randomMac());
    }
  }

  @Override
  boolean appliesLive(Guest guest, String key) {
    if (MOUNT_POINT.matcher(key).matches()) {
      return guest.config(key).isEmpty(); // a new one is hotplugged, a changed one is not
    }
    return LIVE.contains(key) || LIVE_INDEXED.matcher(key).matches();
  }

  @Override
  String resizedLog(String volume, long current, long wanted) {
    return "  Size of logical volume pve/"
        + volume.replaceAll(".*:", "")
        + " changed from "
        + GuestAccess.sizeText(current)
        + " to "
        + GuestAccess.sizeText(wanted)
        + ".";
  }
}
