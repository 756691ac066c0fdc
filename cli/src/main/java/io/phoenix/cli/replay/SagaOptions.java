package io.phoenix.cli.replay;

import io.phoenix.common.contract.Topics;
import io.phoenix.orchestrator.saga.ActionPolicy;
import io.phoenix.orchestrator.saga.Saga;
import io.phoenix.orchestrator.saga.SagaSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The saga settings {@code --verify} replays with. They must be the recorded orchestrator's; the
 * defaults are the orchestrator's own defaults ({@code phoenix.orchestrator.*}), and the deadline
 * options apply to every action.
 */
final class SagaOptions {

  private static final ActionPolicy DEFAULTS = ActionPolicy.defaults();

  @Option(
      names = "--max-parallel",
      paramLabel = "N",
      description = "the orchestrator's max-parallel (default: ${DEFAULT-VALUE})",
      defaultValue = "10")
  int maxParallel;

  @Option(
      names = "--max-per-node",
      paramLabel = "N",
      description = "the orchestrator's max-per-node (default: ${DEFAULT-VALUE})",
      defaultValue = "4")
  int maxPerNode;

  @Option(
      names = "--start-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "deadline from dispatch to started (default: 1m)")
  Duration start = DEFAULTS.startTimeout();

  @Option(
      names = "--finish-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "deadline from dispatch to the outcome (default: 15m)")
  Duration finish = DEFAULTS.finishTimeout();

  @Option(
      names = "--heartbeat-timeout",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "longest silence of a running step (default: 1m)")
  Duration heartbeat = DEFAULTS.heartbeatTimeout();

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description = "attempts before a retryable failure is final (default: 3)")
  int maxAttempts = DEFAULTS.maxAttempts();

  @Option(
      names = "--backoff",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "delay before the second attempt (default: 5s)")
  Duration backoff = DEFAULTS.backoffBase();

  @Option(
      names = "--max-backoff",
      paramLabel = "DURATION",
      converter = Durations.class,
      description = "cap of the retry delay (default: 2m)")
  Duration maxBackoff = DEFAULTS.backoffMax();

  ActionPolicy policy() {
    return new ActionPolicy(start, finish, heartbeat, maxAttempts, backoff, maxBackoff);
  }

  /** Whether every setting is the orchestrator's default. */
  boolean defaults() {
    return maxParallel == 10 && maxPerNode == 4 && policy().equals(DEFAULTS);
  }

  /** The saga of the orchestrator that wrote events as {@code source}. */
  Saga sagaFor(String source) {
    return new Saga(
        new SagaSettings(Topics.defaults(), source, maxParallel, maxPerNode, policy(), Map.of()));
  }

  /** One line naming the settings used, and whether they are the defaults. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%s: max-parallel %d, max-per-node %d; every action: start %s, finish %s, heartbeat %s,"
            + " %d attempts, backoff %s up to %s",
        defaults() ? "orchestrator defaults" : "given settings",
        maxParallel,
        maxPerNode,
        Durations.format(start),
        Durations.format(finish),
        Durations.format(heartbeat),
        maxAttempts,
        Durations.format(backoff),
        Durations.format(maxBackoff));
  }
}
