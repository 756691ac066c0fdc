package io.phoenix.simulator.lab;

import io.phoenix.simulator.world.GuestFiles;
import io.phoenix.simulator.world.MachineException;
import java.util.List;
import java.util.Optional;

/**
 * A lab container's real files as the world's {@link GuestFiles}. Listing a whole Debian rootfs
 * would help no one: {@link #paths()} lists what Phoenix stages ({@code /var/lib/phoenix}).
 */
final class LabGuestFiles implements GuestFiles {

  /** The directory whose files {@link #paths()} lists. */
  static final String LISTED = "/var/lib/phoenix";

  private final ContainerFiles files;

  LabGuestFiles(ContainerFiles files) {
    this.files = files;
  }

  @Override
  public Optional<byte[]> read(String path) {
    return files.read(path);
  }

  @Override
  public void write(String path, byte[] content) {
    try {
      files.write(path, content);
    } catch (LabException e) {
      throw new MachineException(e.getMessage(), e);
    }
  }

  @Override
  public boolean exists(String path) {
    return files.exists(path);
  }

  @Override
  public boolean delete(String path) {
    return files.delete(path);
  }

  @Override
  public List<String> paths() {
    return files.list(LISTED);
  }

  @Override
  public void copyFrom(GuestFiles source) {
    // a lab clone copies the whole rootfs in LabMachines.cloneFrom
  }
}
