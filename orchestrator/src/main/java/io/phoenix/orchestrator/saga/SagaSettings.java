package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.Topics;
import java.util.Map;
import java.util.Objects;

/**
 * What the decide function needs besides the events: where records go, who it speaks as, the
 * concurrency limits and the per-action deadlines.
 *
 * @param topics topic names
 * @param source the CloudEvents {@code source} of every record it writes, e.g. {@code
 *     /phoenix/orchestrator/host-1}
 * @param maxParallel most steps of one build in flight at once
 * @param maxPerNode most steps of one build in flight on one Proxmox node
 * @param defaults deadlines of actions without their own entry
 * @param actions deadlines by action name ({@code create}, {@code feature}, {@code sign}, ...)
 */
public record SagaSettings(
    Topics topics,
    String source,
    int maxParallel,
    int maxPerNode,
    ActionPolicy defaults,
    Map<String, ActionPolicy> actions) {

  public SagaSettings {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(defaults, "defaults");
    actions = actions == null ? Map.of() : Map.copyOf(actions);
    if (maxParallel < 1 || maxPerNode < 1) {
      throw new IllegalArgumentException("maxParallel and maxPerNode must be at least 1");
    }
  }

  /** The policy of {@code action}. */
  public ActionPolicy policy(String action) {
    return actions.getOrDefault(action, defaults);
  }
}
