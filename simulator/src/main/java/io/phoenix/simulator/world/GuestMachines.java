package io.phoenix.simulator.world;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where guests live. The simulator's guests live only in the {@link World}'s state ({@link
 * #SIMULATED}: every lifecycle call does nothing). The lab's containers are real LXC containers on
 * the machine, so its implementation makes each lifecycle change real.
 *
 * <p>The Proxmox API handlers call these methods from inside a task's work, after the API's own
 * checks passed and before the world records the result, so a real operation's duration is the
 * task's duration. A {@link MachineException} fails the task with its message (like a failing
 * Proxmox worker) and the world change is undone. Calls for one guest never overlap: Proxmox's own
 * locks (config lock, {@code lock} values) serialise them; calls for different guests may run
 * concurrently. Where a command runs inside a guest is {@link World#setCommandEffects}'s concern.
 */
public interface GuestMachines {

  /** Guests that exist only in the world's state. */
  GuestMachines SIMULATED = new GuestMachines() {};

  /**
   * The filesystem of a guest being created. The simulated one is in memory and starts with an
   * Ubuntu 24.04 {@code /etc/os-release} and an {@code /etc/hostname} from its config.
   */
  default GuestFiles newFiles(int vmid, GuestKind kind, Map<String, String> config) {
    return MemoryFiles.seeded(kind, config);
  }

  /** Makes a new guest: a container from its OS template volume, a VM with its disks. */
  default void create(Guest guest, String ostemplate) {}

  /** Makes {@code copy} a full clone of {@code source} (its disks and files). */
  default void cloneFrom(Guest source, Guest copy) {}

  /**
   * The guest's config changed: {@code keys} were set or deleted (their values are now in {@link
   * Guest#config()}). Called while the guest's config lock is held.
   */
  default void configured(Guest guest, Set<String> keys) {}

  /** Starts the guest. */
  default void start(Guest guest) {}

  /**
   * Stops the guest: {@code clean} asks it to shut down within {@code timeout} (Proxmox's {@code
   * shutdown}), otherwise it is stopped at once ({@code stop}).
   */
  default void stop(Guest guest, boolean clean, Duration timeout) {}

  /** The real run state, when this machine can observe it; empty for the world's own state. */
  default Optional<Boolean> running(Guest guest) {
    return Optional.empty();
  }

  /** Takes snapshot {@code name} of the guest's disk. */
  default void snapshot(Guest guest, String name) {}

  /** Rolls the guest's disk back to snapshot {@code name} (the guest is stopped). */
  default void rollback(Guest guest, String name) {}

  /** Deletes snapshot {@code name}. */
  default void deleteSnapshot(Guest guest, String name) {}

  /** Converts the guest into a template (its disk becomes read-only, clones copy it). */
  default void template(Guest guest) {}

  /** Destroys the guest and its disks. */
  default void destroy(Guest guest) {}

  /**
   * Whether this guest is real and what of it is not: shown wherever the world is shown (the
   * control API's guest views, {@code phoenix lab}'s world).
   */
  default Reality reality(Guest guest) {
    return Reality.SIMULATED;
  }

  /**
   * How real a guest is.
   *
   * @param real whether it is a real machine (a lab container) rather than state in memory
   * @param description what it is, e.g. {@code simulated} or {@code LXC container phoenix-lab-103
   *     (Debian 12)}
   * @param skipped what of its config the machine could not provide and left out, e.g. {@code net0:
   *     DHCP on VLAN 20}
   */
  record Reality(boolean real, String description, List<String> skipped) {

    /** A guest that exists only in the simulator's memory. */
    public static final Reality SIMULATED = new Reality(false, "simulated", List.of());

    public Reality {
      skipped = List.copyOf(skipped);
    }
  }
}
