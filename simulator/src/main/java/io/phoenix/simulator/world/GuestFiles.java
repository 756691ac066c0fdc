package io.phoenix.simulator.world;

import java.util.List;
import java.util.Optional;

/**
 * A guest's filesystem: what {@code agent/file-write}, {@code pct push} and command effects write,
 * and what {@code agent/file-read}, later commands and the control API see. A simulated guest keeps
 * it in memory; a lab container's is its real root filesystem ({@link GuestMachines#newFiles}).
 * Paths are absolute. Implementations are thread-safe.
 */
public interface GuestFiles {

  /** The file's content, or empty when there is no such file. */
  Optional<byte[]> read(String path);

  /** Creates or replaces the file (parent directories are created). */
  void write(String path, byte[] content);

  /** Whether the file exists. */
  boolean exists(String path);

  /** Deletes the file; returns whether it existed. */
  boolean delete(String path);

  /** Every file path, sorted (a real filesystem may list only what Phoenix and tests look at). */
  List<String> paths();

  /**
   * Makes this filesystem a copy of {@code source}'s, as a full clone's disk copy does. A real
   * machine copies its disk in {@link GuestMachines#cloneFrom} instead and may do nothing here.
   */
  void copyFrom(GuestFiles source);
}
