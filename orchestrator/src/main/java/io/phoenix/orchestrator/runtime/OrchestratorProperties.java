package io.phoenix.orchestrator.runtime;

import io.phoenix.orchestrator.saga.ActionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The orchestrator's settings ({@code phoenix.orchestrator.*}).
 *
 * @param instanceId this instance, unique among running orchestrators and stable across its
 *     restarts: it is the consumer's static group member id and part of the transactional id, so a
 *     restarted instance fences its previous incarnation at once
 * @param groupId the consumer group every orchestrator instance joins
 * @param maxParallel most steps of one build in flight at once
 * @param maxPerNode most steps of one build in flight on one Proxmox node
 * @param tick how often deadlines and backoffs are checked
 * @param freshnessTimeout how long admission waits for the read model to reach the end of the log
 * @param deadlines step deadlines and retry budgets, by action
 * @param inventory the inventory file builds are planned against (read for every request)
 */
@ConfigurationProperties("phoenix.orchestrator")
public record OrchestratorProperties(
    @DefaultValue("orchestrator-1") String instanceId,
    @DefaultValue("phoenix-orchestrator") String groupId,
    @DefaultValue("10") int maxParallel,
    @DefaultValue("4") int maxPerNode,
    @DefaultValue("1s") Duration tick,
    @DefaultValue("10s") Duration freshnessTimeout,
    @DefaultValue Deadlines deadlines,
    @DefaultValue("inventory/phoenix.yaml") Path inventory) {

  /**
   * Deadlines: {@code defaults} for every action, {@code actions.<action>} to override some fields.
   */
  public record Deadlines(ActionSettings defaults, Map<String, ActionSettings> actions) {

    public Deadlines {
      defaults = defaults == null ? ActionSettings.NONE : defaults;
      actions = actions == null ? Map.of() : Map.copyOf(actions);
    }

    public ActionPolicy defaultPolicy() {
      return defaults.over(ActionPolicy.defaults());
    }

    public Map<String, ActionPolicy> actionPolicies() {
      ActionPolicy base = defaultPolicy();
      Map<String, ActionPolicy> policies = new LinkedHashMap<>();
      actions.forEach((action, settings) -> policies.put(action, settings.over(base)));
      return policies;
    }
  }

  /**
   * Deadline fields of one action; a missing field inherits the default.
   *
   * @param start time from dispatch to {@code phoenix.step.started}
   * @param finish time from dispatch to the outcome
   * @param heartbeat longest silence of a running step
   * @param maxAttempts attempts before a retryable failure is final
   * @param backoff delay before the second attempt (doubles each time)
   * @param maxBackoff cap of the delay
   */
  public record ActionSettings(
      Duration start,
      Duration finish,
      Duration heartbeat,
      Integer maxAttempts,
      Duration backoff,
      Duration maxBackoff) {

    static final ActionSettings NONE = new ActionSettings(null, null, null, null, null, null);

    ActionPolicy over(ActionPolicy base) {
      return new ActionPolicy(
          start != null ? start : base.startTimeout(),
          finish != null ? finish : base.finishTimeout(),
          heartbeat != null ? heartbeat : base.heartbeatTimeout(),
          maxAttempts != null ? maxAttempts : base.maxAttempts(),
          backoff != null ? backoff : base.backoffBase(),
          maxBackoff != null ? maxBackoff : base.backoffMax());
    }
  }
}
