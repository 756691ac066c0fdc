package io.phoenix.simulator.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's LXC guests as real containers: each guest's rootfs is a copy (of the cached Debian
 * rootfs, or of its clone source), its Proxmox config becomes an LXC config at every start, its run
 * state is the container's. Snapshots are copies of the rootfs; a template is a rootfs that never
 * runs again and that clones copy.
 *
 * <p>Operations on one guest are serialised by the Proxmox locks the API holds around them;
 * different guests' run in parallel.
 */
final class LabContainers {

  private static final Logger log = LoggerFactory.getLogger(LabContainers.class);
  private static final Duration BOOT = Duration.ofSeconds(90);

  private final Lxc lxc;
  private final Path rootfsCache;
  private final Map<String, LabBridge> bridges;
  private final ContainerConfig.Cgroups cgroups;
  private final Map<Integer, List<String>> notProvided = new ConcurrentHashMap<>();

  LabContainers(Lxc lxc, Path rootfsCache, List<LabBridge> bridges) {
    this.lxc = lxc;
    this.rootfsCache = rootfsCache;
    this.bridges = new java.util.LinkedHashMap<>();
    bridges.forEach(b -> this.bridges.put(b.inventoryName(), b));
    this.cgroups =
        Files.exists(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
            ? ContainerConfig.Cgroups.V1
            : ContainerConfig.Cgroups.V2;
  }

  Lxc lxc() {
    return lxc;
  }

  /** A new container for guest {@code vmid}: a copy of the cached Debian rootfs. */
  void create(int vmid, Map<String, String> config) {
    Path dir = freshDir(vmid);
    try {
      Files.createDirectories(dir);
      Disk.copyTree(rootfsCache, dir.resolve("rootfs"));
      writeConfig(vmid, config);
    } catch (IOException | RuntimeException e) {
      Disk.remove(dir);
      throw e instanceof LabException l ? l : new LabException("cannot create CT " + vmid, e);
    }
    log.info("CT {}: container {} created from the Debian 12 rootfs", vmid, Lxc.name(vmid));
  }

  /** A full clone: {@code copy}'s rootfs is a copy of {@code source}'s (frozen meanwhile). */
  void cloneFrom(int source, int copy, Map<String, String> config) {
    Path dir = freshDir(copy);
    boolean frozen = lxc.running(source);
    try {
      Files.createDirectories(dir);
      if (frozen) {
        lxc.freeze(source, true);
      }
      Disk.copyTree(lxc.dir(source).resolve("rootfs"), dir.resolve("rootfs"));
      writeConfig(copy, config);
    } catch (IOException | RuntimeException e) {
      Disk.remove(dir);
      throw e instanceof LabException l ? l : new LabException("cannot clone CT " + source, e);
    } finally {
      if (frozen) {
        lxc.freeze(source, false);
      }
    }
    log.info("CT {}: container {} cloned from CT {}", copy, Lxc.name(copy), source);
  }

  /** Applies a changed config: the LXC config now, the rest at the next start (as Proxmox). */
  void configured(int vmid, Map<String, String> config) {
    writeConfig(vmid, config);
  }

  /**
   * Starts the container with its current config and waits until systemd inside has booted (or
   * {@link #BOOT} passed), so that a command right after the start task finds it ready.
   */
  void start(int vmid, Map<String, String> config) {
    ContainerConfig rendered = writeConfig(vmid, config);
    ContainerFiles files = new ContainerFiles(lxc, vmid);
    files.write("/etc/hostname", (rendered.hostname() + "\n").getBytes(StandardCharsets.UTF_8));
    files.write(
        "/etc/hosts",
        ("127.0.0.1\tlocalhost\n127.0.1.1\t"
                + rendered.hostname()
                + "\n::1\tlocalhost ip6-localhost ip6-loopback\n")
            .getBytes(StandardCharsets.UTF_8));
    if (rendered.resolvConf() != null) {
      files.write("/etc/resolv.conf", rendered.resolvConf().getBytes(StandardCharsets.UTF_8));
    }
    lxc.start(vmid);
    awaitBoot(vmid);
  }

  /**
   * Waits until systemd in the container says it is up ({@code running}, or {@code degraded} when a
   * unit failed), at most {@link #BOOT}: a container that is still booting then is used anyway, and
   * the log says so.
   */
  private void awaitBoot(int vmid) {
    long deadline = System.nanoTime() + BOOT.toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      state =
          lxc.attach(vmid, List.of("systemctl", "is-system-running"), null, Duration.ofSeconds(30))
              .stdoutText()
              .strip();
      if (state.equals("running") || state.equals("degraded")) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted while CT " + vmid + " was booting", e);
      }
    }
    log.warn("CT {}: systemd still reports '{}' after {} s", vmid, state, BOOT.toSeconds());
  }

  /** Stops it: at once ({@code hard}) or by asking systemd to shut down within {@code timeout}. */
  void stop(int vmid, boolean hard, Duration timeout) {
    lxc.stop(vmid, hard, timeout);
  }

  /** Whether the container runs. */
  boolean running(int vmid) {
    return lxc.running(vmid);
  }

  /** A snapshot: a copy of the rootfs (the container frozen meanwhile when it runs). */
  void snapshot(int vmid, String name) {
    Path target = snapshotDir(vmid, name);
    Disk.remove(target);
    boolean frozen = lxc.running(vmid);
    try {
      Files.createDirectories(target.getParent());
      if (frozen) {
        lxc.freeze(vmid, true);
      }
      Disk.copyTree(lxc.dir(vmid).resolve("rootfs"), target);
    } catch (IOException e) {
      throw new LabException("cannot snapshot CT " + vmid + ": " + e.getMessage(), e);
    } finally {
      if (frozen) {
        lxc.freeze(vmid, false);
      }
    }
  }

  /**
   * Back to a snapshot: the container is stopped and its rootfs replaced by the snapshot's copy.
   */
  void rollback(int vmid, String name) {
    Path snapshot = snapshotDir(vmid, name);
    if (!Files.isDirectory(snapshot)) {
      throw new LabException("CT " + vmid + " has no copy of snapshot '" + name + "' in the lab");
    }
    if (lxc.running(vmid)) {
      lxc.stop(vmid, true, Duration.ofSeconds(10));
    }
    Path rootfs = lxc.dir(vmid).resolve("rootfs");
    Disk.remove(rootfs);
    Disk.copyTree(snapshot, rootfs);
  }

  /** Removes a snapshot's copy. */
  void deleteSnapshot(int vmid, String name) {
    Disk.remove(snapshotDir(vmid, name));
  }

  /** Destroys the container: stopped if it runs, then its directory removed. */
  void destroy(int vmid) {
    if (lxc.running(vmid)) {
      lxc.stop(vmid, true, Duration.ofSeconds(10));
    }
    Disk.remove(lxc.dir(vmid));
    notProvided.remove(vmid);
    log.info("CT {}: container {} destroyed", vmid, Lxc.name(vmid));
  }

  /** What of the guest's config the lab does not provide, as of its last config. */
  List<String> notProvided(int vmid) {
    return notProvided.getOrDefault(vmid, List.of());
  }

  /** The files of guest {@code vmid}'s container. */
  ContainerFiles files(int vmid) {
    return new ContainerFiles(lxc, vmid);
  }

  /**
   * The directory for a new container of guest {@code vmid}. The world has no such guest, so a
   * container left there (by a world reset, or a run that was killed) is stale: it goes first.
   */
  private Path freshDir(int vmid) {
    Path dir = lxc.dir(vmid);
    if (Files.exists(dir)) {
      log.warn("CT {}: removing the stale container {} first", vmid, dir);
      destroy(vmid);
    }
    return dir;
  }

  private Path snapshotDir(int vmid, String name) {
    if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
      throw new LabException("snapshot name '" + name + "' is not a Proxmox config id");
    }
    return lxc.dir(vmid).resolve("snapshots").resolve(name);
  }

  private ContainerConfig writeConfig(int vmid, Map<String, String> config) {
    Path dir = lxc.dir(vmid);
    ContainerConfig rendered =
        ContainerConfig.render(vmid, dir.resolve("rootfs"), config, bridges, cgroups);
    try {
      Files.writeString(dir.resolve("config"), rendered.lxcConfig(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException("cannot write the LXC config of CT " + vmid + ": " + e, e);
    }
    List<String> notes = new ArrayList<>(rendered.notProvided());
    notProvided.put(vmid, List.copyOf(notes));
    return rendered;
  }
}
