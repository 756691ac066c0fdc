package io.phoenix.simulator.lab;

import io.phoenix.simulator.effects.SimulatedCa;
import io.phoenix.simulator.effects.SimulatedCommands;
import io.phoenix.simulator.pve.PveSimulator;
import io.phoenix.simulator.pve.PveSimulatorConfig;
import io.phoenix.simulator.world.CommandEffects;
import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestMachines.Reality;
import io.phoenix.simulator.world.World;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab host: the simulator's Proxmox VE API (same endpoints, wire format and {@code /_sim/*}
 * control API) whose LXC guests are real LXC containers on this machine, on real bridges with the
 * inventory's addresses; QEMU guests stay simulated. Closing it removes every container, bridge and
 * its nftables table (unless it was started to keep them).
 *
 * <pre>{@code
 * try (LabHost lab = LabHost.start(LabHostSettings.of(LabDirectory.defaultLocation(), networks),
 *     PveSimulatorConfig.defaults())) {
 *   lab.pve().baseUri();                       // the Proxmox API
 *   lab.artifacts();                           // name -> URL + SHA-256 on the lab's mirror
 * }
 * }</pre>
 */
public final class LabHost implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LabHost.class);

  /**
   * An artifact on the lab's mirror, for the inventory's {@code artifacts}.
   *
   * @param url where the guests download it
   * @param sha256 its SHA-256
   */
  public record MirroredArtifact(URI url, String sha256) {}

  private final LabDirectory directory;
  private final PveSimulator pve;
  private final LabCommands commands;
  private final ArtifactMirror mirror;
  private final Map<String, MirroredArtifact> artifacts;
  private final List<LabBridge> bridges;
  private volatile boolean keep;

  private LabHost(
      LabDirectory directory,
      PveSimulator pve,
      LabCommands commands,
      ArtifactMirror mirror,
      Map<String, MirroredArtifact> artifacts,
      List<LabBridge> bridges) {
    this.directory = directory;
    this.pve = pve;
    this.commands = commands;
    this.mirror = mirror;
    this.artifacts = Map.copyOf(artifacts);
    this.bridges = List.copyOf(bridges);
  }

  /**
   * Checks this machine, makes (or reuses) the Debian rootfs and the artifacts, brings up the lab's
   * network and starts the Proxmox API on it. Throws {@link LabException} naming what is wrong; on
   * a failure half-way, what was made is removed again.
   */
  public static LabHost start(LabHostSettings settings, PveSimulatorConfig config) {
    Preconditions.problem()
        .ifPresent(
            p -> {
              throw new LabException(p);
            });
    LabDirectory dir = settings.directory();
    List<LabBridge> bridges = LabBridge.of(settings.networks());
    if (bridges.isEmpty()) {
      throw new LabException("the inventory has no networks: the lab makes one bridge per network");
    }
    LabNetwork.checkFree(bridges);
    Lxc lxc = new Lxc(dir.containers());
    if (lxc.containers().stream().anyMatch(lxc::running)) {
      throw new LabException(
          "containers of another lab run in "
              + dir.containers()
              + ": stop that lab, or run 'bin/phoenix lab --cleanup'");
    }
    Path repository =
        LabArtifacts.repositoryRoot()
            .orElseThrow(
                () ->
                    new LabException(
                        "run the lab from the Phoenix repository: it builds step-ca with"
                            + " tools/step-ca/build.sh"));
    Map<String, LabArtifacts.Served> built = LabArtifacts.prepare(repository, dir.artifacts());
    Path rootfs = DebianRootfs.ensure(dir, settings.mirror());
    String resolver = LabNetwork.hostResolver(Path.of("/etc/resolv.conf"));
    List<String> mirrors = LabNetwork.mirrorAddresses(settings.mirror());
    ArtifactMirror mirror = null;
    PveSimulator pve = null;
    try {
      LabNetwork.enableForwarding(dir.forwardingMarker());
      LabNetwork.up(bridges);
      mirror = ArtifactMirror.start(bridges.get(0).gateway(), dir.artifacts());
      LabNetwork.applyRules(new NatRules(bridges, resolver, mirrors, List.of(mirror.port())));
      LabContainers containers = new LabContainers(lxc, rootfs, bridges);
      LabCommands commands =
          new LabCommands(
              lxc,
              new SimulatedCommands(SimulatedCa.generated("Phoenix lab (unused)")),
              settings.simulatedFeatures());
      pve = PveSimulator.start(config, new LabMachines(containers, commands));
      pve.world().setCommandEffects(commands);
      Map<String, MirroredArtifact> artifacts = new LinkedHashMap<>();
      for (LabArtifacts.Served served : built.values()) {
        artifacts.put(
            served.name(),
            new MirroredArtifact(mirror.baseUri().resolve(served.name()), served.sha256()));
      }
      log.info(
          "lab host up: Proxmox API {}, bridges {}, artifacts {}",
          pve.baseUri(),
          bridges.stream().map(LabBridge::device).toList(),
          mirror.baseUri());
      return new LabHost(dir, pve, commands, mirror, artifacts, bridges);
    } catch (RuntimeException e) {
      if (pve != null) {
        pve.close();
      }
      if (mirror != null) {
        mirror.close();
      }
      cleanup(dir);
      throw e;
    }
  }

  /**
   * Removes what a lab on {@code dir} left: its containers (stopped first), its bridges, its
   * nftables table and any mount under the directory. Touches nothing else; returns what it
   * removed.
   */
  public static List<String> cleanup(LabDirectory dir) {
    List<String> removed = new ArrayList<>();
    Lxc lxc = new Lxc(dir.containers());
    for (int vmid : lxc.containers()) {
      if (lxc.running(vmid)) {
        lxc.stop(vmid, true, Duration.ofSeconds(10));
      }
      Disk.remove(lxc.dir(vmid));
      removed.add("container " + Lxc.name(vmid));
    }
    removed.addAll(LabNetwork.down());
    removed.addAll(LabNetwork.restoreForwarding(dir.forwardingMarker()));
    removed.addAll(unmountUnder(dir.root()));
    return removed;
  }

  private static List<String> unmountUnder(Path root) {
    List<String> unmounted = new ArrayList<>();
    try {
      List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
      for (int i = mounts.size() - 1; i >= 0; i--) {
        String[] fields = mounts.get(i).split(" ");
        String point = fields.length > 1 ? fields[1].replace("\\040", " ") : "";
        if (point.startsWith(root + "/")) {
          HostCommand.run(List.of("umount", "-l", point), null, Duration.ofSeconds(30));
          unmounted.add("mount " + point);
        }
      }
    } catch (IOException e) {
      log.warn("cannot read /proc/self/mounts: {}", e.getMessage());
    }
    return unmounted;
  }

  /** The Proxmox API and its world. */
  public PveSimulator pve() {
    return pve;
  }

  public World world() {
    return pve.world();
  }

  /** Artifacts on the lab's mirror, by their name in the inventory's {@code artifacts}. */
  public Map<String, MirroredArtifact> artifacts() {
    return artifacts;
  }

  /** Where guest {@code vmid}'s container keeps its root filesystem on this machine. */
  public Path rootfs(int vmid) {
    return directory.containers().resolve(Lxc.name(vmid)).resolve("rootfs");
  }

  /** The lab's data directory. */
  public LabDirectory directory() {
    return directory;
  }

  /**
   * What answers for QEMU guests and the features that cannot run for real here: the simulator's
   * effects that the rest of the simulated world (SSH node, Portainer) uses. Re-installs the lab's
   * command routing on the world, which starting those parts may have replaced.
   */
  public void simulateWith(CommandEffects simulated) {
    commands.simulateWith(simulated);
    pve.world().setCommandEffects(commands);
  }

  /** Whether a guest is real, and what of it is not, as every view of the world shows it. */
  public Reality reality(Guest guest) {
    return pve.world().machines().reality(guest);
  }

  /** Each lab bridge: inventory name, Linux device, gateway. */
  public List<String> bridges() {
    return bridges.stream()
        .map(b -> b.inventoryName() + " = " + b.device() + " " + b.gatewayCidr())
        .toList();
  }

  /** Leave containers, bridges and the table in place when closed ({@code lab --keep}). */
  public void keep() {
    keep = true;
  }

  @Override
  public void close() {
    pve.close();
    mirror.close();
    if (keep) {
      log.info("lab kept: remove it with 'bin/phoenix lab --cleanup'");
      return;
    }
    cleanup(directory);
  }
}
