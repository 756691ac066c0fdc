package io.phoenix.simulator.world;

import java.util.List;
import java.util.Map;

/**
 * A point-in-time view of one guest, for inspection.
 *
 * @param vmid guest id
 * @param type {@code lxc} or {@code qemu}
 * @param node its node
 * @param status {@code running} or {@code stopped}
 * @param lock the {@code lock} value, or null
 * @param template whether it is a template
 * @param config its whole config
 * @param snapshots snapshot names, oldest first
 * @param reality whether it is a real machine (a lab container) or simulated, and what of its
 *     config the machine could not provide
 * @param pending values set while it ran, applied at its next start
 * @param pendingDeletes keys deleted while it ran, removed at its next start
 */
public record GuestView(
    int vmid,
    String type,
    String node,
    String status,
    String lock,
    boolean template,
    Map<String, String> config,
    List<String> snapshots,
    GuestMachines.Reality reality,
    Map<String, String> pending,
    List<String> pendingDeletes) {}
