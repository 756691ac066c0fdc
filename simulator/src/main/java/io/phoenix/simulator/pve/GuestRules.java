package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What differs between containers and VMs in the guest endpoints, as Proxmox's own rules of each
 * kind: names (task prefix, name key, disk keys), which parameters are config, how a new guest's
 * config is made, which locks a create and a clone take, and how a refusal surfaces (a synchronous
 * 500 for a container, a failed task for a VM). {@link GuestHandlers} and {@link PowerHandlers} are
 * the one implementation both kinds share.
 */
abstract sealed class GuestRules permits LxcRules, QemuRules {

  static GuestRules of(GuestKind kind, GuestAccess access) {
    return kind == GuestKind.LXC ? new LxcRules(access) : new QemuRules(access);
  }

  /**
   * The kind's names and lock rules.
   *
   * @param kind container or VM
   * @param taskPrefix {@code vz} or {@code qm}: task types are {@code vzcreate}, {@code qmclone}
   * @param nameKey the config key of the guest's name: {@code hostname} or {@code name}
   * @param volumeKey the default key of a disk's property string: {@code volume} or {@code file}
   * @param diskKey the config keys that name disks ({@code rootfs}, {@code mp0}, {@code scsi0})
   * @param createOnly create parameters that are not config values
   * @param notConfig config-change parameters that are not config values
   * @param notCloned config keys a clone does not copy
   * @param cloneLock the {@code lock} value a new guest holds during its clone
   * @param sourceLockDuringClone the {@code lock} value a clone's source holds, or null for none
   * @param sharesStoppedSource whether a clone holds its source's config file lock for its whole
   *     task instead: shared while the source is stopped (clones run side by side), exclusive while
   *     it runs (qemu-server's {@code lock_config_shared} / {@code lock_config_full})
   * @param holdsFileLockWhileCreating whether create and clone hold the new guest's config file
   *     lock for their whole task
   * @param resizeChecksInTask whether resize checks run inside the task (PVE 8 VMs) rather than
   *     before it (containers)
   * @param checksSnapshotsFirst whether template conversion checks snapshots before anything else
   * @param refusesSynchronously whether a refused start or stop fails the API call itself (a
   *     container) rather than a worker started for it (a VM)
   */
  record Traits(
      GuestKind kind,
      String taskPrefix,
      String nameKey,
      String volumeKey,
      Pattern diskKey,
      Set<String> createOnly,
      Set<String> notConfig,
      Set<String> notCloned,
      String cloneLock,
      String sourceLockDuringClone,
      boolean sharesStoppedSource,
      boolean holdsFileLockWhileCreating,
      boolean resizeChecksInTask,
      boolean checksSnapshotsFirst,
      boolean refusesSynchronously) {}

  /**
   * The kind's texts for refusals that differ by kind ({@code %d} is the vmid, {@code %s} the
   * disk).
   *
   * @param templateRunning template conversion of a running guest
   * @param templateSnapshots template conversion of a guest with snapshots
   * @param startTemplate starting a template
   * @param destroyRunning destroying a running guest ({@code %d})
   * @param noSuchDisk resizing a disk the guest lacks ({@code %s})
   * @param shrink resizing below the current size
   * @param sameSize resizing to the current size, or null when that is a successful no-op
   * @param createTaken a create of a taken vmid ({@code %1$d} the vmid, {@code %2$s} the cluster's
   *     "already exists" text)
   * @param cloneTargetTaken a clone to a taken vmid ({@code %d}), or null for the cluster's text
   * @param shutdownTimedOut a shutdown that did not end within its timeout
   */
  record Texts(
      String templateRunning,
      String templateSnapshots,
      String startTemplate,
      String destroyRunning,
      String noSuchDisk,
      String shrink,
      String sameSize,
      String createTaken,
      String cloneTargetTaken,
      String shutdownTimedOut) {}

  private static final Pattern NIC = Pattern.compile("^net\\d+$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Traits traits;
  private final Texts texts;
  private final GuestAccess access;

  GuestRules(Traits traits, Texts texts, GuestAccess access) {
    this.traits = traits;
    this.texts = texts;
    this.access = access;
  }

  final Traits traits() {
    return traits;
  }

  final Texts texts() {
    return texts;
  }

  final GuestKind kind() {
    return traits.kind();
  }

  final String taskPrefix() {
    return traits.taskPrefix();
  }

  final boolean isDisk(String key) {
    return traits.diskKey().matcher(key).matches();
  }

  // ---- create

  /**
   * The new guest's config from a create call (holding the world's monitor): defaults, allocated
   * disks, generated identity. Throws {@link PveException} with Proxmox's text for a bad request.
   */
  abstract Map<String, String> newConfig(Call call);

  /** The OS template a container is made from; null for a VM. */
  abstract String ostemplate(Call call);

  /** The log lines a create task starts with. */
  abstract List<String> createLog(Call call, Guest guest);

  /** Work that follows the machine's create inside the task (e.g. the root's SSH keys). */
  abstract void afterCreate(Call call, Guest guest, Task task);

  // ---- clone

  /** The clone's disks: the source's, renamed for {@code newid} on the target storage. */
  abstract void renameDisks(Map<String, String> config, int newid, String targetStorage);

  /** The clone's new identity and name (a VM's SMBIOS UUID, generation id, default name). */
  abstract void newIdentity(Map<String, String> config, int sourceVmid);

  /** The clone task's log: its first line when it starts, its second when the copy is done. */
  abstract List<String> cloneLog(Guest copy, int newid);

  /** Refuses a clone this kind cannot make of {@code source} as asked (before anything changes). */
  abstract void checkClone(Call call, Guest source, boolean running);

  // ---- config

  /** Refuses what this kind does not allow to change, before anything is applied. */
  abstract void checkChange(Call call, Guest guest);

  /**
   * Applies a config change (the digest and {@code delete=} included); returns the keys touched.
   */
  abstract Set<String> applyChange(Call call, Guest guest);

  /**
   * The task log line of a resize from {@code current} to {@code wanted} bytes of {@code volume}.
   */
  abstract String resizedLog(String volume, long current, long wanted);

  // ---- values as Proxmox writes them

  /**
   * A NIC's properties completed as this kind's Proxmox does when it writes one: a MAC address
   * (always a new one when {@code newMac}, as a clone gets), a container's {@code type=veth}.
   */
  abstract void completeNic(Map<String, String> nic, boolean newMac);

  /**
   * Whether a change of {@code key} takes effect on the running guest at once (Proxmox hotplugs
   * it), rather than waiting in the pending section for the next start.
   */
  abstract boolean appliesLive(Guest guest, String key);

  /**
   * Which keys of a config change take effect now: all of them while the guest is stopped, the ones
   * the kind hotplugs while it runs.
   */
  final Predicate<String> live(Guest guest) {
    boolean running = access.world().observe(guest);
    return key -> !running || appliesLive(guest, key);
  }

  /** The config values a change sets (its parameters that are config), as this kind writes them. */
  final Map<String, String> changedValues(Call call) {
    Map<String, String> values = new TreeMap<>();
    call.params()
        .single()
        .forEach(
            (k, v) -> {
              if (!traits.notConfig().contains(k)) {
                values.put(k, v);
              }
            });
    writeAll(values, false);
    return values;
  }

  /**
   * Rewrites NICs and disks of {@code config} the way Proxmox prints them: keys in its order, sizes
   * as it writes them, a NIC with its MAC (a new one for every NIC when {@code newMacs}).
   */
  final void writeAll(Map<String, String> config, boolean newMacs) {
    for (Map.Entry<String, String> entry : config.entrySet()) {
      entry.setValue(written(entry.getKey(), entry.getValue(), newMacs));
    }
  }

  private String written(String key, String value, boolean newMac) {
    boolean nic = NIC.matcher(key).matches();
    if (!nic && !isDisk(key)) {
      return value;
    }
    JsonNode format = access.configFormat(kind(), key);
    if (format == null || value.isEmpty()) {
      return value;
    }
    Map<String, String> parts = PropertyStrings.read(value, format);
    if (nic) {
      completeNic(parts, newMac);
    }
    return PropertyStrings.print(parts, format);
  }

  /**
   * A random MAC address under Proxmox's own prefix {@code BC:24:11} (the datacenter's default
   * {@code mac_prefix}), as {@code PVE::Tools::random_ether_addr} makes one.
   */
  static String randomMac() {
    byte[] tail = new byte[3];
    RANDOM.nextBytes(tail);
    return String.format("BC:24:11:%02X:%02X:%02X", tail[0], tail[1], tail[2]);
  }

  // ---- shared

  /**
   * Refuses an operation: a container's API dies synchronously with a 500, a VM's starts a worker
   * that fails with the text. Returns the UPID of the failed task, or throws.
   */
  final String refuse(Call call, TaskEngine tasks, String taskType, String text) {
    if (traits.refusesSynchronously()) {
      throw PveException.fail(text);
    }
    return tasks.failed(call.node(), taskType, call.params().string("vmid"), call.user(), text)
        .upid;
  }

  /** Copies the create call's config values (those that are not create-only parameters). */
  final Map<String, String> configParams(Call call) {
    Map<String, String> config = new TreeMap<>();
    call.params()
        .single()
        .forEach(
            (k, v) -> {
              if (!traits.createOnly().contains(k)) {
                config.put(k, v);
              }
            });
    return config;
  }
}
