package io.phoenix.common.agent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.phoenix.common.contract.Agent;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepHeartbeat;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepProgress;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.contract.Traceparent;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Runs one command record through the agent's {@link StepHandler}s and publishes what happened:
 * {@code started}, heartbeats while the handler works, progress, then {@code succeeded} or {@code
 * failed}. Events are acknowledged by the broker before the command's offset is committed, so a
 * crash re-delivers the command (at-least-once) and never loses an outcome.
 */
final class CommandProcessor {

  private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final Agent kind;
  private final String instance;
  private final java.time.Duration heartbeatInterval;
  private final Map<String, StepHandler> handlers;
  private final KafkaOperations<String, CloudEvent> events;
  private final Topics topics;
  private final ScheduledExecutorService heartbeats;
  private final Clock clock;
  private final MeterRegistry meters;
  private final AtomicInteger inFlight = new AtomicInteger();

  CommandProcessor(
      Agent kind,
      AgentProperties properties,
      List<StepHandler> handlerList,
      KafkaOperations<String, CloudEvent> events,
      Topics topics,
      ScheduledExecutorService heartbeats,
      Clock clock,
      MeterRegistry meters) {
    this.kind = kind;
    this.heartbeatInterval = properties.heartbeatInterval();
    this.instance = properties.instanceName(kind);
    this.events = events;
    this.topics = topics;
    this.heartbeats = heartbeats;
    this.clock = clock;
    this.meters = meters;
    Gauge.builder("phoenix.steps.in.flight", inFlight, AtomicInteger::get)
        .description("steps this agent instance is working on")
        .tag("agent", kind.id())
        .register(meters);
    this.handlers = new HashMap<>();
    for (StepHandler handler : handlerList) {
      for (String action : handler.actions()) {
        StepHandler previous = handlers.put(action, handler);
        if (previous != null) {
          throw new IllegalStateException(
              "two handlers serve action '"
                  + action
                  + "': "
                  + previous.getClass().getName()
                  + " and "
                  + handler.getClass().getName());
        }
      }
    }
  }

  String instance() {
    return instance;
  }

  /** Processes one command; throws only for records that belong on the dead-letter topic. */
  void process(CloudEvent command) {
    if (!EventTypes.isCommandFor(command.type(), kind)) {
      log.warn(
          "Skipping record of type '{}' on the {} command topic: not a command this agent knows",
          command.type(),
          kind.id());
      return;
    }
    if (command.buildid() == null || command.stepid() == null) {
      throw new MalformedRecordException(
          command.type() + " lacks the buildid or stepid extension attribute");
    }
    int attempt = command.attempt() == null ? 1 : command.attempt();
    MDC.put("buildId", command.buildid());
    MDC.put("stepId", command.stepid());
    try {
      run(command, attempt);
    } finally {
      MDC.remove("buildId");
      MDC.remove("stepId");
    }
  }

  private void run(CloudEvent command, int attempt) {
    String trace = Traceparent.child(command.traceparent());
    Emitter emit = new Emitter(command.buildid(), command.stepid(), attempt, trace);
    StepCommand step;
    try {
      step = Envelopes.dataAs(command, StepCommand.class);
    } catch (MalformedRecordException e) {
      emit.send(StepFailures.permanent(StepFailures.INVALID_COMMAND, e.getMessage()));
      return;
    }
    String action = EventTypes.commandAction(command.type());
    StepHandler handler = handlers.get(action);
    if (handler == null) {
      emit.send(
          StepFailures.permanent(
              StepFailures.UNSUPPORTED,
              "the " + kind.id() + " agent has no handler for action '" + action + "'"));
      return;
    }
    log.info("Step {} attempt {} started ({})", command.stepid(), attempt, action);
    emit.send(new StepStarted(instance));
    long started = clock.millis();
    ScheduledFuture<?> beat =
        heartbeats.scheduleAtFixedRate(
            () -> emit.sendQuietly(new StepHeartbeat(instance)),
            heartbeatInterval.toMillis(),
            heartbeatInterval.toMillis(),
            TimeUnit.MILLISECONDS);
    StepOutcome outcome;
    inFlight.incrementAndGet();
    try {
      outcome = handler.handle(step, new Context(emit, command, attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = StepFailures.retryable(StepFailures.INTERNAL, "agent interrupted: " + e);
    } catch (Exception | LinkageError e) {
      log.error("Handler for {} failed unexpectedly", command.stepid(), e);
      outcome =
          StepFailures.permanent(
              StepFailures.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      beat.cancel(false);
      inFlight.decrementAndGet();
    }
    if (outcome == null) {
      outcome = StepFailures.permanent(StepFailures.INTERNAL, "handler returned no outcome");
    }
    if (outcome instanceof StepSucceeded ok && ok.durationMs() == 0) {
      outcome =
          new StepSucceeded(ok.outcome(), ok.changes(), ok.outputs(), clock.millis() - started);
    }
    record(action, outcome, clock.millis() - started);
    if (outcome instanceof StepFailed failed) {
      log.warn(
          "Step {} attempt {} failed: {} {} (retryable={})",
          command.stepid(),
          attempt,
          failed.reason(),
          failed.message(),
          failed.retryable());
    } else if (outcome instanceof StepSucceeded ok) {
      log.info("Step {} attempt {} succeeded: {}", command.stepid(), attempt, ok.outcome());
    }
    emit.send(outcome);
  }

  private void record(String action, StepOutcome outcome, long millis) {
    String result =
        outcome instanceof StepSucceeded ok && ok.outcome() != null
            ? ok.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            : "failed";
    Timer.builder("phoenix.step.duration")
        .description("time an agent spent on one step attempt")
        .tag("agent", kind.id())
        .tag("action", action)
        .tag("outcome", result)
        .register(meters)
        .record(millis, TimeUnit.MILLISECONDS);
    if (outcome instanceof StepFailed failed) {
      meters
          .counter(
              "phoenix.step.failures",
              "agent",
              kind.id(),
              "action",
              action,
              "reason",
              failed.reason(),
              "retryable",
              String.valueOf(failed.retryable()))
          .increment();
    }
  }

  /** Publishes events of one step attempt to the events topic, keyed by build id. */
  private final class Emitter {
    private final String buildId;
    private final String stepId;
    private final int attempt;
    private final String trace;

    Emitter(String buildId, String stepId, int attempt, String trace) {
      this.buildId = buildId;
      this.stepId = stepId;
      this.attempt = attempt;
      this.trace = trace;
    }

    void send(EventData data) {
      CloudEvent event =
          Envelopes.event(instance, data, buildId, stepId, attempt, clock.instant())
              .withTraceparent(trace);
      try {
        events.send(topics.events(), buildId, event).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing " + data.type(), e);
      } catch (ExecutionException | TimeoutException e) {
        // Not acknowledged: fail the record so the command is re-delivered, never lost.
        throw new IllegalStateException("could not publish " + data.type() + ": " + e, e);
      }
    }

    void sendQuietly(EventData data) {
      try {
        send(data);
      } catch (RuntimeException e) {
        log.warn("Could not publish {} for {}: {}", data.type(), stepId, e.getMessage());
      }
    }
  }

  private final class Context implements StepContext {
    private final Emitter emit;
    private final CloudEvent command;
    private final int attempt;

    Context(Emitter emit, CloudEvent command, int attempt) {
      this.emit = emit;
      this.command = command;
      this.attempt = attempt;
    }

    @Override
    public String buildId() {
      return command.buildid();
    }

    @Override
    public String stepId() {
      return command.stepid();
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public String instance() {
      return instance;
    }

    @Override
    public void progress(String message, Integer percent) {
      emit.sendQuietly(new StepProgress(message, percent));
    }
  }
}
