package io.phoenix.simulator.lab;

import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestFiles;
import io.phoenix.simulator.world.GuestKind;
import io.phoenix.simulator.world.GuestMachines;
import io.phoenix.simulator.world.MachineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the lab's guests live: LXC guests in real containers ({@link LabContainers}), QEMU guests
 * in the simulator's memory (no nested virtualisation here). Every failure of a real operation
 * becomes a {@link MachineException}, so it fails its Proxmox task with the reason.
 */
final class LabMachines implements GuestMachines {

  /** How a QEMU guest is shown in the lab. */
  static final Reality SIMULATED_VM =
      new Reality(
          false, "simulated (the lab runs no VMs: no nested virtualisation here)", List.of());

  private final LabContainers containers;
  private final LabCommands commands;

  LabMachines(LabContainers containers, LabCommands commands) {
    this.containers = containers;
    this.commands = commands;
  }

  private static boolean real(Guest guest) {
    return guest.kind() == GuestKind.LXC;
  }

  @Override
  public GuestFiles newFiles(int vmid, GuestKind kind, Map<String, String> config) {
    if (kind != GuestKind.LXC) {
      return GuestMachines.super.newFiles(vmid, kind, config);
    }
    return new LabGuestFiles(containers.files(vmid));
  }

  @Override
  public void create(Guest guest, String ostemplate) {
    if (real(guest)) {
      machine(() -> containers.create(guest.vmid(), guest.config()));
    }
  }

  @Override
  public void cloneFrom(Guest source, Guest copy) {
    if (real(copy)) {
      machine(() -> containers.cloneFrom(source.vmid(), copy.vmid(), copy.config()));
    }
  }

  @Override
  public void configured(Guest guest, Set<String> keys) {
    if (real(guest)) {
      machine(() -> containers.configured(guest.vmid(), guest.config()));
    }
  }

  @Override
  public void start(Guest guest) {
    if (real(guest)) {
      machine(() -> containers.start(guest.vmid(), guest.config()));
    }
  }

  @Override
  public void stop(Guest guest, boolean clean, Duration timeout) {
    if (real(guest)) {
      machine(() -> containers.stop(guest.vmid(), !clean, timeout));
    }
  }

  @Override
  public Optional<Boolean> running(Guest guest) {
    return real(guest) ? Optional.of(containers.running(guest.vmid())) : Optional.empty();
  }

  @Override
  public void snapshot(Guest guest, String name) {
    if (real(guest)) {
      machine(() -> containers.snapshot(guest.vmid(), name));
    }
  }

  @Override
  public void rollback(Guest guest, String name) {
    if (real(guest)) {
      machine(() -> containers.rollback(guest.vmid(), name));
    }
  }

  @Override
  public void deleteSnapshot(Guest guest, String name) {
    if (real(guest)) {
      machine(() -> containers.deleteSnapshot(guest.vmid(), name));
    }
  }

  @Override
  public void destroy(Guest guest) {
    if (real(guest)) {
      machine(() -> containers.destroy(guest.vmid()));
      commands.forget(guest.vmid());
    }
  }

  @Override
  public Reality reality(Guest guest) {
    if (!real(guest)) {
      return SIMULATED_VM;
    }
    List<String> skipped = new ArrayList<>(containers.notProvided(guest.vmid()));
    for (SimulatedFeature feature : commands.simulatedIn(guest.vmid())) {
      skipped.add("feature " + feature.name() + ": simulated, " + feature.reason());
    }
    return new Reality(
        true, "LXC container " + Lxc.name(guest.vmid()) + ", " + DebianRootfs.DESCRIPTION, skipped);
  }

  private static void machine(Runnable operation) {
    try {
      operation.run();
    } catch (LabException e) {
      throw new MachineException(e.getMessage(), e);
    }
  }
}
