package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.Snapshot;
import io.phoenix.simulator.world.World;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** Guest look-ups, the checks every handler shares, and Proxmox's texts for them. */
final class GuestAccess {

  private final World world;
  private final Settings settings;
  private final ApiSchema schema;

  GuestAccess(World world, Settings settings, ApiSchema schema) {
    this.world = world;
    this.settings = settings;
    this.schema = schema;
  }

  World world() {
    return world;
  }

  /** Fails like pveproxy when the node is not part of the cluster. */
  void checkNode(String node) {
    if (world.node(node).isEmpty()) {
      throw PveException.fail(
          "hostname lookup '"
              + node
              + "' failed - failed to get address info for: "
              + node
              + ": Name or service not known");
    }
  }

  /** The guest, or "Configuration file ... does not exist" as Proxmox says it. */
  Guest find(GuestKind kind, String node, int vmid) {
    checkNode(node);
    return world
        .guest(vmid)
        .filter(g -> g.kind() == kind && g.node().equals(node))
        .orElseThrow(
            () ->
                PveException.fail(
                    "Configuration file 'nodes/"
                        + node
                        + "/"
                        + (kind == GuestKind.LXC ? "lxc" : "qemu-server")
                        + "/"
                        + vmid
                        + ".conf' does not exist"));
  }

  /** Fails "CT 103 already exists on node 'pve'" when the id is taken (by either kind). */
  void checkUnused(int vmid) {
    world
        .guest(vmid)
        .ifPresent(
            g -> {
              throw PveException.fail(
                  g.kind().label() + " " + vmid + " already exists on node '" + g.node() + "'");
            });
  }

  /** Fails "CT is locked (disk)" / "VM is locked (clone)" when the guest has a lock. */
  static void checkLock(Guest guest) {
    guest
        .lock()
        .ifPresent(
            lock -> {
              throw PveException.fail(guest.kind().label() + " is locked (" + lock + ")");
            });
  }

  /**
   * Runs {@code body} holding the guest's config file lock, waiting for it up to the lock timeout
   * and then failing with Proxmox's "got timeout" text.
   */
  <T> T withConfigLock(Guest guest, Supplier<T> body) {
    boolean locked;
    try {
      locked = guest.tryLockFile(settings.lockTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PveException.fail("interrupted while waiting for the config lock");
    }
    if (!locked) {
      throw PveException.fail("can't lock file '" + lockFile(guest) + "' - got timeout");
    }
    try {
      return body.get();
    } finally {
      guest.unlockFile();
    }
  }

  static String lockFile(Guest guest) {
    return guest.kind() == GuestKind.LXC
        ? "/run/lock/lxc/pve-config-" + guest.vmid() + ".lock"
        : "/var/lock/qemu-server/lock-" + guest.vmid() + ".conf";
  }

  /**
   * The config as {@code GET .../config} returns it: typed values and the digest. Like Proxmox, the
   * values pending for the next start are shown as if applied, unless {@code current} asks for the
   * values in effect.
   */
  Map<String, Object> renderConfig(Guest guest, boolean current) {
    JsonNode types = configTypes(guest);
    Map<String, Object> out = new LinkedHashMap<>();
    (current ? guest.config() : guest.configWithPending())
        .forEach((k, v) -> out.put(k, shown(types, k, v)));
    out.put("digest", guest.digest());
    return out;
  }

  /**
   * {@code GET .../pending}: every key with its current {@code value}, and {@code pending} (the
   * value for the next start) or {@code delete: 1} where a change waits.
   */
  List<Map<String, Object>> renderPending(Guest guest) {
    JsonNode types = configTypes(guest);
    Map<String, String> current = guest.config();
    Map<String, String> pending = guest.pending();
    Set<String> deletes = guest.pendingDeletes();
    Set<String> keys = new TreeSet<>(current.keySet());
    keys.addAll(pending.keySet());
    List<Map<String, Object>> out = new ArrayList<>();
    for (String key : keys) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", key);
      if (current.containsKey(key)) {
        entry.put("value", shown(types, key, current.get(key)));
      }
      if (pending.containsKey(key)) {
        entry.put("pending", shown(types, key, pending.get(key)));
      }
      if (deletes.contains(key)) {
        entry.put("delete", 1);
      }
      out.add(entry);
    }
    return out;
  }

  /** The schema format of a config key (a property string's keys), or null for a plain value. */
  JsonNode configFormat(GuestKind kind, String key) {
    JsonNode properties =
        schema.parameters("PUT", "/nodes/{node}/" + kind.type() + "/{vmid}/config");
    JsonNode format = ApiSchema.property(properties, key).map(p -> p.path("format")).orElse(null);
    return format != null && format.isObject() ? format : null;
  }

  private JsonNode configTypes(Guest guest) {
    return schema.returns("GET", "/nodes/{node}/" + guest.kind().type() + "/{vmid}/config");
  }

  /** A config value on the wire: typed, and never the cloud-init password (not even its hash). */
  private static Object shown(JsonNode types, String key, String value) {
    return key.equals("cipassword") ? "**********" : typed(types, key, value);
  }

  /**
   * {@code GET .../config?snapshot=<name>}: the config the snapshot captured, in the same wire
   * format as the guest's own config, plus the snapshot section's {@code snaptime}, {@code
   * description} and {@code parent}, and the digest of the whole config file (as Proxmox does).
   */
  Map<String, Object> renderSnapshotConfig(Guest guest, String name) {
    Snapshot snapshot =
        guest
            .snapshot(name)
            .orElseThrow(() -> PveException.fail("snapshot '" + name + "' does not exist"));
    String template = "/nodes/{node}/" + guest.kind().type() + "/{vmid}/config";
    JsonNode types = schema.returns("GET", template);
    Map<String, Object> out = new LinkedHashMap<>();
    snapshot
        .config()
        .forEach((k, v) -> out.put(k, k.equals("cipassword") ? "**********" : typed(types, k, v)));
    out.remove("parent");
    if (snapshot.parent() != null) {
      out.put("parent", snapshot.parent());
    }
    if (snapshot.description() != null && !snapshot.description().isEmpty()) {
      out.put("description", snapshot.description());
    }
    out.put("snaptime", snapshot.snaptime());
    out.put("digest", guest.digest());
    return out;
  }

  static Object typed(JsonNode types, String key, String value) {
    if (types == null) {
      return value;
    }
    String type = ApiSchema.property(types, key).map(p -> p.path("type").asString("")).orElse("");
    try {
      switch (type) {
        case "integer":
        case "boolean":
          return Long.parseLong(value);
        case "number":
          return Double.parseDouble(value);
        default:
          return value;
      }
    } catch (NumberFormatException e) {
      return value;
    }
  }

  /**
   * Applies a config change after the digest check, as both kinds do: {@code revert=} forgets what
   * is pending for its keys; a deletion or a value whose key {@code live} accepts takes effect now
   * (and replaces what was pending for it); any other waits in the pending section for the next
   * start. Returns the keys that took effect now.
   *
   * @param values the values to set, as the kind writes them
   * @param live whether a key's change takes effect now (always, while the guest is stopped)
   */
  static Set<String> applyConfig(
      Guest guest, Params params, Map<String, String> values, Predicate<String> live) {
    if (params.has("digest") && !params.string("digest").equals(guest.digest())) {
      throw PveException.fail(
          "detected modified configuration - file changed by other user? Try again.");
    }
    for (String key : list(params.string("revert", ""))) {
      guest.dropPending(key);
    }
    Set<String> touched = new TreeSet<>();
    for (String key : list(params.string("delete", ""))) {
      if (live.test(key)) {
        guest.dropPending(key);
        guest.removeConfig(key);
        touched.add(key);
      } else {
        guest.deletePending(key);
      }
    }
    values.forEach(
        (k, v) -> {
          if (live.test(k)) {
            guest.dropPending(k);
            guest.setConfig(k, v);
            touched.add(k);
          } else {
            guest.setPending(k, v);
          }
        });
    return touched;
  }

  private static List<String> list(String keys) {
    return Arrays.stream(keys.split("[,;\\s]+")).filter(k -> !k.isEmpty()).toList();
  }

  /** Parses a Proxmox size ({@code 8G}, {@code 3584M}, {@code 512K}, bytes) into bytes. */
  static long sizeBytes(String size) {
    String s = size.strip();
    char unit = Character.toUpperCase(s.charAt(s.length() - 1));
    double number =
        Double.parseDouble(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1));
    long factor =
        switch (unit) {
          case 'K' -> 1024L;
          case 'M' -> 1024L * 1024;
          case 'G' -> 1024L * 1024 * 1024;
          case 'T' -> 1024L * 1024 * 1024 * 1024;
          default -> 1L;
        };
    return (long) (number * factor);
  }

  /** Formats bytes the way Proxmox writes sizes into configs ({@code 8G}, {@code 3584M}). */
  static String sizeText(long bytes) {
    long gib = 1024L * 1024 * 1024;
    if (bytes % gib == 0) {
      return bytes / gib + "G";
    }
    long mib = 1024L * 1024;
    if (bytes % mib == 0) {
      return bytes / mib + "M";
    }
    return bytes / 1024 + "K";
  }
}
