package io.phoenix.simulator.world;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One guest (container or VM) of the simulated world: its config (which holds {@code lock} and
 * {@code template} exactly as Proxmox keeps them), run state, snapshots, filesystem and exec log.
 *
 * <p>Every method is thread-safe; all guests share the world's monitor, so {@link World#atomically}
 * can combine changes to several guests into one step.
 */
public final class Guest {

  private final Object mutex;
  private final int vmid;
  private final GuestKind kind;
  private final String node;
  private final TreeMap<String, String> config;
  private final LinkedHashMap<String, Snapshot> snapshots = new LinkedHashMap<>();
  private final GuestFiles files;
  private final List<ExecRecord> execLog = new ArrayList<>();
  private final TreeMap<String, String> pending = new TreeMap<>();
  private final TreeSet<String> pendingDeletes = new TreeSet<>();
  private Instant startedAt;
  private boolean fileLocked;
  private int sharedFileLocks;

  Guest(
      Object mutex,
      int vmid,
      GuestKind kind,
      String node,
      Map<String, String> config,
      GuestFiles files) {
    this.mutex = mutex;
    this.files = files;
    this.vmid = vmid;
    this.kind = kind;
    this.node = node;
    this.config = new TreeMap<>(config);
  }

  /** The guest id. */
  public int vmid() {
    return vmid;
  }

  /** Container or VM. */
  public GuestKind kind() {
    return kind;
  }

  /** The node it lives on. */
  public String node() {
    return node;
  }

  /** A copy of its config, sorted by key. */
  public Map<String, String> config() {
    synchronized (mutex) {
      return new TreeMap<>(config);
    }
  }

  /** One config value. */
  public Optional<String> config(String key) {
    synchronized (mutex) {
      return Optional.ofNullable(config.get(key));
    }
  }

  /** Sets one config value. */
  public void setConfig(String key, String value) {
    synchronized (mutex) {
      config.put(key, value);
      mutex.notifyAll();
    }
  }

  /** Removes one config key; returns whether it was there. */
  public boolean removeConfig(String key) {
    synchronized (mutex) {
      boolean removed = config.remove(key) != null;
      mutex.notifyAll();
      return removed;
    }
  }

  /**
   * The SHA-1 of the config file (its pending section included), as Proxmox's {@code digest} guards
   * concurrent edits.
   */
  public String digest() {
    StringBuilder text = new StringBuilder();
    config().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    Map<String, String> waiting = pending();
    Set<String> deletes = pendingDeletes();
    if (!waiting.isEmpty() || !deletes.isEmpty()) {
      text.append("\n[PENDING]\n");
      waiting.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
      if (!deletes.isEmpty()) {
        text.append("delete: ").append(String.join(",", deletes)).append('\n');
      }
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1")
                  .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- pending changes: what a running guest applies at its next start

  /** Values set while it ran that wait for its next start (the config file's pending section). */
  public Map<String, String> pending() {
    synchronized (mutex) {
      return new TreeMap<>(pending);
    }
  }

  /** Keys deleted while it ran, to be removed at its next start. */
  public Set<String> pendingDeletes() {
    synchronized (mutex) {
      return new TreeSet<>(pendingDeletes);
    }
  }

  /**
   * Records a value for the next start; a value equal to the current one cancels what was pending
   * for the key instead (Proxmox's {@code cleanup_pending}).
   */
  public void setPending(String key, String value) {
    synchronized (mutex) {
      pendingDeletes.remove(key);
      if (value.equals(config.get(key))) {
        pending.remove(key);
      } else {
        pending.put(key, value);
      }
      mutex.notifyAll();
    }
  }

  /** Records the deletion of {@code key} for the next start (nothing when it is not set). */
  public void deletePending(String key) {
    synchronized (mutex) {
      pending.remove(key);
      if (config.containsKey(key)) {
        pendingDeletes.add(key);
      }
      mutex.notifyAll();
    }
  }

  /** Forgets what is pending for {@code key} (a value set now, or {@code revert}). */
  public void dropPending(String key) {
    synchronized (mutex) {
      pending.remove(key);
      pendingDeletes.remove(key);
    }
  }

  /** Applies everything pending (as a start does); returns the keys that changed. */
  public Set<String> applyPending() {
    synchronized (mutex) {
      Set<String> changed = new TreeSet<>(pending.keySet());
      changed.addAll(pendingDeletes);
      pendingDeletes.forEach(config::remove);
      config.putAll(pending);
      pending.clear();
      pendingDeletes.clear();
      mutex.notifyAll();
      return changed;
    }
  }

  /** The config as it will be after the next start: pending values applied. */
  public Map<String, String> configWithPending() {
    synchronized (mutex) {
      Map<String, String> merged = new TreeMap<>(config);
      pendingDeletes.forEach(merged::remove);
      merged.putAll(pending);
      return merged;
    }
  }

  /** The {@code lock} config value ({@code disk}, {@code clone}, {@code create}, ...), if any. */
  public Optional<String> lock() {
    return config("lock");
  }

  /** Sets ({@code lock != null}) or clears the {@code lock} config value. */
  public void setLock(String lock) {
    if (lock == null) {
      removeConfig("lock");
    } else {
      setConfig("lock", lock);
    }
  }

  /** Whether it has been converted to a template. */
  public boolean isTemplate() {
    return config("template").map("1"::equals).orElse(false);
  }

  /** Whether it is running. */
  public boolean isRunning() {
    synchronized (mutex) {
      return startedAt != null;
    }
  }

  /** When it was last started, while it runs. */
  public Optional<Instant> startedAt() {
    synchronized (mutex) {
      return Optional.ofNullable(startedAt);
    }
  }

  /** Marks it running since {@code at}. */
  public void markRunning(Instant at) {
    synchronized (mutex) {
      startedAt = at;
      mutex.notifyAll();
    }
  }

  /** Marks it stopped. */
  public void markStopped() {
    synchronized (mutex) {
      startedAt = null;
      mutex.notifyAll();
    }
  }

  /** Its snapshots, oldest first. */
  public List<Snapshot> snapshots() {
    synchronized (mutex) {
      return List.copyOf(snapshots.values());
    }
  }

  /** One snapshot by name. */
  public Optional<Snapshot> snapshot(String name) {
    synchronized (mutex) {
      return Optional.ofNullable(snapshots.get(name));
    }
  }

  /** Adds (or replaces) a snapshot of the current config, with the latest one as parent. */
  public Snapshot takeSnapshot(String name, String description, Instant at) {
    synchronized (mutex) {
      String parent = config.get("parent");
      Map<String, String> captured = new TreeMap<>(config);
      captured.remove("lock");
      Snapshot snapshot = new Snapshot(name, description, at.getEpochSecond(), parent, captured);
      snapshots.put(name, snapshot);
      config.put("parent", name);
      return snapshot;
    }
  }

  /** Removes a snapshot; returns whether it existed. */
  public boolean removeSnapshot(String name) {
    synchronized (mutex) {
      Snapshot removed = snapshots.remove(name);
      if (removed == null) {
        return false;
      }
      if (name.equals(config.get("parent"))) {
        if (removed.parent() == null) {
          config.remove("parent");
        } else {
          config.put("parent", removed.parent());
        }
      }
      return true;
    }
  }

  /** Its filesystem. */
  public GuestFiles files() {
    return files;
  }

  /** Every command that ran in it, oldest first. */
  public List<ExecRecord> execLog() {
    synchronized (mutex) {
      return List.copyOf(execLog);
    }
  }

  void recordExec(ExecRecord record) {
    synchronized (mutex) {
      execLog.add(record);
    }
  }

  /**
   * Takes the guest's config file lock exclusively (the flock Proxmox holds around every config
   * change and for the whole of a create or clone of it), waiting up to {@code wait} while anyone
   * holds it, shared or not; false when it timed out.
   */
  public boolean tryLockFile(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (mutex) {
      while (fileLocked || sharedFileLocks > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        mutex.wait(Math.max(1, left / 1_000_000));
      }
      fileLocked = true;
      return true;
    }
  }

  /** Releases the config file lock. */
  public void unlockFile() {
    synchronized (mutex) {
      fileLocked = false;
      mutex.notifyAll();
    }
  }

  /**
   * Takes the config file lock shared, as qemu-server does for the source of a clone while the
   * source is stopped: any number of shared holders, no exclusive one. Waits up to {@code wait} for
   * an exclusive holder to leave; false when it timed out.
   */
  public boolean tryLockFileShared(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (mutex) {
      while (fileLocked) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        mutex.wait(Math.max(1, left / 1_000_000));
      }
      sharedFileLocks++;
      return true;
    }
  }

  /** Releases one shared hold of the config file lock. */
  public void unlockFileShared() {
    synchronized (mutex) {
      sharedFileLocks = Math.max(0, sharedFileLocks - 1);
      mutex.notifyAll();
    }
  }

  /**
   * An immutable view for inspection (the control API's {@code GET /_sim/guests}); {@code reality}
   * comes from where the guest lives ({@link World#view}).
   */
  GuestView view(GuestMachines.Reality reality) {
    synchronized (mutex) {
      return new GuestView(
          vmid,
          kind.type(),
          node,
          isRunning() ? "running" : "stopped",
          config.get("lock"),
          isTemplate(),
          new TreeMap<>(config),
          snapshots.values().stream().map(Snapshot::name).toList(),
          reality,
          new TreeMap<>(pending),
          List.copyOf(pendingDeletes));
    }
  }
}
