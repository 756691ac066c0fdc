package io.phoenix.simulator.world;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The simulated cluster's state: nodes, storages with their volumes, and guests with their config,
 * run state, locks, snapshots, files and exec log. The Proxmox API, the SSH {@code pct} endpoint,
 * command effects and the CA emulator all act on one {@code World}.
 *
 * <p>Thread-safe. Every read and change takes the world's monitor; {@link #atomically} runs a
 * multi-step change (check a lock, then set it) as one step.
 *
 * <p>Typical use by another simulator part:
 *
 * <pre>{@code
 * Guest ct = world.requireGuest(103);
 * if (!ct.isRunning()) { ... "container '103' not running!" ... }
 * world.writeFile(103, "/etc/step/config.json", bytes);
 * ExecResult result = world.run(103, List.of("systemctl", "restart", "step-ca"), new byte[0]);
 * }</pre>
 */
public final class World {

  private final Object mutex = new Object();
  private final WorldConfig config;
  private final TreeMap<Integer, Guest> guests = new TreeMap<>();
  private final Map<String, Map<String, List<Volume>>> volumes = new LinkedHashMap<>();
  private final GuestMachines machines;
  private volatile CommandEffects effects = CommandEffects.succeedSilently();

  /** A simulated world with the given nodes and storages and no guests. */
  public World(WorldConfig config) {
    this(config, GuestMachines.SIMULATED);
  }

  /** A world whose guests live where {@code machines} puts them. */
  public World(WorldConfig config, GuestMachines machines) {
    this.config = config;
    this.machines = machines;
    reset();
  }

  /** Where its guests live. */
  public GuestMachines machines() {
    return machines;
  }

  /** Its nodes and storages. */
  public WorldConfig config() {
    return config;
  }

  /** Back to the start: no guests, the configured volumes only. Command effects are kept. */
  public void reset() {
    synchronized (mutex) {
      guests.clear();
      volumes.clear();
      for (NodeConfig node : config.nodes()) {
        Map<String, List<Volume>> byStorage = new LinkedHashMap<>();
        for (StorageConfig storage : node.storages()) {
          byStorage.put(storage.id(), new ArrayList<>(storage.volumes()));
        }
        volumes.put(node.name(), byStorage);
      }
      mutex.notifyAll();
    }
  }

  /** Runs {@code change} while holding the world's monitor, so no other change interleaves. */
  public <T> T atomically(Supplier<T> change) {
    synchronized (mutex) {
      return change.get();
    }
  }

  // ---- nodes and storages

  /** The node's configuration. */
  public Optional<NodeConfig> node(String name) {
    return config.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The storage's configuration on a node. */
  public Optional<StorageConfig> storage(String node, String storage) {
    return node(node)
        .flatMap(n -> n.storages().stream().filter(s -> s.id().equals(storage)).findFirst());
  }

  /** The volumes stored (not guest disks) on a node's storage. */
  public List<Volume> volumes(String node, String storage) {
    synchronized (mutex) {
      return List.copyOf(volumes.getOrDefault(node, Map.of()).getOrDefault(storage, List.of()));
    }
  }

  /** Whether the volume exists on the node. */
  public boolean hasVolume(String node, String volid) {
    int colon = volid.indexOf(':');
    if (colon < 0) {
      return false;
    }
    return volumes(node, volid.substring(0, colon)).stream().anyMatch(v -> v.volid().equals(volid));
  }

  /** Adds (or replaces) a volume on the node's storage named in its volid. */
  public void addVolume(String node, Volume volume) {
    synchronized (mutex) {
      List<Volume> list =
          volumes
              .computeIfAbsent(node, n -> new LinkedHashMap<>())
              .computeIfAbsent(volume.storage(), s -> new ArrayList<>());
      list.removeIf(v -> v.volid().equals(volume.volid()));
      list.add(volume);
    }
  }

  // ---- guests

  /** The guest with this id, if it exists. */
  public Optional<Guest> guest(int vmid) {
    synchronized (mutex) {
      return Optional.ofNullable(guests.get(vmid));
    }
  }

  /** The guest with this id; throws {@link NoSuchElementException} naming it when it is absent. */
  public Guest requireGuest(int vmid) {
    return guest(vmid)
        .orElseThrow(() -> new NoSuchElementException("guest " + vmid + " does not exist"));
  }

  /** Every guest, by id. */
  public List<Guest> guests() {
    synchronized (mutex) {
      return List.copyOf(guests.values());
    }
  }

  /** Every guest id in use. */
  public List<Integer> vmids() {
    synchronized (mutex) {
      return List.copyOf(guests.keySet());
    }
  }

  /**
   * Creates a stopped guest with the given config; throws {@link IllegalStateException} when the id
   * is taken. Its files come from {@link GuestMachines#newFiles} (a simulated guest starts with an
   * Ubuntu-like {@code /etc/os-release} and {@code /etc/hostname}).
   */
  public Guest createGuest(int vmid, GuestKind kind, String node, Map<String, String> config) {
    synchronized (mutex) {
      if (guests.containsKey(vmid)) {
        throw new IllegalStateException("guest " + vmid + " already exists");
      }
      Guest guest =
          new Guest(mutex, vmid, kind, node, config, machines.newFiles(vmid, kind, config));
      guests.put(vmid, guest);
      return guest;
    }
  }

  /** Creates a guest whose files are a copy of {@code source}'s (a full clone's disk copy). */
  public Guest cloneGuest(Guest source, int newid, String node, Map<String, String> config) {
    synchronized (mutex) {
      Guest copy = createGuest(newid, source.kind(), node, config);
      copy.files().copyFrom(source.files());
      return copy;
    }
  }

  /** An immutable view of the guest for inspection, saying whether it is real or simulated. */
  public GuestView view(Guest guest) {
    return guest.view(machines.reality(guest));
  }

  /**
   * Brings the guest's run state in line with its machine's real one (a lab container that stopped
   * by itself is stopped); returns whether it runs.
   */
  public boolean observe(Guest guest) {
    Optional<Boolean> real = machines.running(guest);
    if (real.isPresent() && real.get() != guest.isRunning()) {
      if (real.get()) {
        guest.markRunning(Instant.now());
      } else {
        guest.markStopped();
      }
    }
    return guest.isRunning();
  }

  /** Removes a guest; returns whether it existed. */
  public boolean removeGuest(int vmid) {
    synchronized (mutex) {
      boolean removed = guests.remove(vmid) != null;
      mutex.notifyAll();
      return removed;
    }
  }

  // ---- files and commands inside guests

  /** Reads a file inside a guest. */
  public Optional<byte[]> readFile(int vmid, String path) {
    return requireGuest(vmid).files().read(path);
  }

  /** Writes a file inside a guest. */
  public void writeFile(int vmid, String path, byte[] content) {
    requireGuest(vmid).files().write(path, content);
  }

  /**
   * Runs a command inside a guest: asks the {@link CommandEffects} for the result and records it in
   * the guest's exec log. Does not check that the guest runs; callers that model a transport
   * needing a running guest ({@code pct exec}, the guest agent) check {@link Guest#isRunning}.
   */
  public ExecResult run(int vmid, List<String> argv, byte[] stdin) {
    Guest guest = requireGuest(vmid);
    byte[] input = stdin == null ? new byte[0] : stdin;
    ExecResult result;
    try {
      result = effects.run(guest, List.copyOf(argv), input);
    } catch (RuntimeException e) {
      result = ExecResult.failed(127, "simulated command failed: " + e.getMessage() + "\n");
    }
    guest.recordExec(new ExecRecord(Instant.now(), argv, input.length, result.exitCode()));
    return result;
  }

  /** Replaces what commands do (the default succeeds silently). */
  public void setCommandEffects(CommandEffects effects) {
    this.effects = effects == null ? CommandEffects.succeedSilently() : effects;
  }
}
