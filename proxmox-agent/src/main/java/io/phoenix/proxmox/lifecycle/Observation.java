package io.phoenix.proxmox.lifecycle;

import java.util.Map;
import java.util.Optional;

/**
 * Everything a step's decision reads, gathered before it decides, so that deciding is a pure
 * function of values (no call, no wait).
 *
 * @param guest the guest with the command's vmid, or empty when there is none
 * @param source {@code clone}: the clone source, if it exists
 * @param snapshots {@code snapshot}, {@code template}: the guest's snapshots, name to description
 * @param snapshotConfig {@code snapshot}: the config the step's snapshot recorded, if it exists
 * @param agentOutputs {@code start}: present when a running VM's guest agent answered, with the
 *     outputs it gave (its address)
 * @param contested an attempt of this step was refused because another creator took the vmid
 *     meanwhile ("already exists"): the guest found is someone's work in progress
 */
record Observation(
    Optional<ObservedGuest> guest,
    Optional<ObservedGuest> source,
    Map<String, String> snapshots,
    Map<String, String> snapshotConfig,
    Optional<Map<String, String>> agentOutputs,
    boolean contested) {

  Observation {
    snapshots = Map.copyOf(snapshots);
    snapshotConfig = Map.copyOf(snapshotConfig);
    agentOutputs = agentOutputs.map(Map::copyOf);
  }

  /** Just the guest. */
  static Observation of(Optional<ObservedGuest> guest) {
    return new Observation(guest, Optional.empty(), Map.of(), Map.of(), Optional.empty(), false);
  }

  Observation withSource(Optional<ObservedGuest> found) {
    return new Observation(guest, found, snapshots, snapshotConfig, agentOutputs, contested);
  }

  Observation withSnapshots(Map<String, String> list, Map<String, String> recorded) {
    return new Observation(guest, source, list, recorded, agentOutputs, contested);
  }

  Observation withAgentOutputs(Optional<Map<String, String>> outputs) {
    return new Observation(guest, source, snapshots, snapshotConfig, outputs, contested);
  }

  Observation contested(boolean value) {
    return new Observation(guest, source, snapshots, snapshotConfig, agentOutputs, value);
  }
}
