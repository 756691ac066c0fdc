package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.StorageConfig;
import io.phoenix.simulator.world.Volume;
import io.phoenix.simulator.world.World;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns the disk parameters of a VM create or config change into config values: allocates {@code
 * STORAGE:SIZE}, imports {@code STORAGE:0,import-from=VOLUME} (the size-0 rule), and makes {@code
 * STORAGE:cloudinit} drives.
 */
final class QemuDisks {

  static final Pattern DISK_KEY = Pattern.compile("^(scsi|virtio|sata|ide|efidisk|tpmstate)\\d+$");
  private static final Pattern NEW_SIZE = Pattern.compile("^\\d+(\\.\\d+)?$");

  private final World world;

  QemuDisks(World world) {
    this.world = world;
  }

  /** Rewrites every disk value in {@code config} for a VM on {@code node}. */
  void allocate(String node, int vmid, Map<String, String> config, boolean token) {
    int[] next = {nextDiskIndex(config, vmid)};
    for (Map.Entry<String, String> entry : config.entrySet()) {
      if (DISK_KEY.matcher(entry.getKey()).matches()) {
        entry.setValue(allocateOne(node, vmid, entry.getKey(), entry.getValue(), token, next));
      }
    }
  }

  private String allocateOne(
      String node, int vmid, String key, String value, boolean token, int[] next) {
    Map<String, String> parts = PropertyStrings.parse(value, "file");
    String file = parts.getOrDefault("file", "");
    int colon = file.indexOf(':');
    String importFrom = parts.remove("import-from");
    if (colon < 0) {
      if (importFrom != null) {
        throw PveException.invalid(key, importSyntax());
      }
      return value; // "none", "cdrom", a device path
    }
    String storageId = file.substring(0, colon);
    String volume = file.substring(colon + 1);
    if (volume.equals("cloudinit")) {
      requireImages(node, storageId);
      parts.put("file", storageId + ":vm-" + vmid + "-cloudinit");
      parts.put("media", "cdrom");
      return PropertyStrings.format(parts, "file");
    }
    if (!NEW_SIZE.matcher(volume).matches()) {
      if (importFrom != null) {
        throw PveException.invalid(key, importSyntax());
      }
      return value; // an existing volume
    }
    requireImages(node, storageId);
    long bytes;
    if (importFrom != null) {
      if (Double.parseDouble(volume) != 0) {
        throw PveException.invalid(key, importSyntax());
      }
      bytes = importedSize(node, importFrom, token);
    } else {
      bytes = GuestAccess.sizeBytes(volume + "G");
    }
    parts.put("file", storageId + ":vm-" + vmid + "-disk-" + next[0]++);
    parts.put("size", GuestAccess.sizeText(bytes));
    return PropertyStrings.format(parts, "file");
  }

  private static String importSyntax() {
    return "'import-from' requires special syntax - use <storage ID>:0,import-from=<source>";
  }

  private long importedSize(String node, String source, boolean token) {
    if (source.startsWith("/")) {
      if (token) {
        throw PveException.forbidden("only root can pass arbitrary filesystem paths");
      }
      return 3_758_096_384L;
    }
    int colon = source.indexOf(':');
    String storage = colon < 0 ? "" : source.substring(0, colon);
    return world.volumes(node, storage).stream()
        .filter(v -> v.volid().equals(source))
        .map(Volume::size)
        .findFirst()
        .map(size -> Math.max(size, 1024L * 1024))
        .map(size -> (size + 1024 * 1024 - 1) / (1024 * 1024) * (1024 * 1024))
        .orElseThrow(() -> PveException.fail("volume '" + source + "' does not exist"));
  }

  private void requireImages(String node, String storageId) {
    StorageConfig storage =
        world
            .storage(node, storageId)
            .orElseThrow(() -> PveException.fail("storage '" + storageId + "' does not exist"));
    if (!storage.accepts("images")) {
      throw PveException.fail("storage '" + storageId + "' does not support vm images");
    }
  }

  private static int nextDiskIndex(Map<String, String> config, int vmid) {
    int next = 0;
    Pattern own = Pattern.compile(":(vm|base)-" + vmid + "-disk-(\\d+)");
    for (String value : config.values()) {
      var m = own.matcher(value);
      while (m.find()) {
        next = Math.max(next, Integer.parseInt(m.group(2)) + 1);
      }
    }
    return next;
  }
}
