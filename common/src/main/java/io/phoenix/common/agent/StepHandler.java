package io.phoenix.common.agent;

import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import java.util.Set;

/**
 * Does the work of one kind of step inside an agent.
 *
 * <p>The agent runtime ({@link AgentRuntime}) reads the command, publishes {@code
 * phoenix.step.started}, sends heartbeats while {@link #handle} runs, and publishes the returned
 * outcome. Delivery is at-least-once, so every handler is idempotent on the step id: it observes
 * the real state first and converges, answering {@code noop} when the effect already exists. In a
 * dry run ({@link StepCommand#dryRun()}) it only observes and answers {@code would-create}, {@code
 * would-update} or {@code noop}.
 *
 * <p>Handlers turn the failures they understand into {@link StepFailures} results (with {@code
 * retryable} decided there); any exception that escapes becomes a non-retryable {@code INTERNAL}
 * failure.
 */
public interface StepHandler {

  /** The command actions this handler serves, e.g. {@code clone} or {@code feature}. */
  Set<String> actions();

  /** Converges the world to what {@code command} asks for and says what it did. */
  StepOutcome handle(StepCommand command, StepContext context) throws Exception;
}
