package io.phoenix.simulator.world;

import java.util.Map;

/**
 * A guest snapshot: its name, description, creation time (epoch seconds), parent and the config it
 * captured.
 *
 * @param name snapshot name
 * @param description free text
 * @param snaptime creation time in epoch seconds
 * @param parent the previous snapshot's name, or null for the first
 * @param config the guest config when it was taken
 */
public record Snapshot(
    String name, String description, long snaptime, String parent, Map<String, String> config) {

  public Snapshot {
    config = Map.copyOf(config);
  }
}
