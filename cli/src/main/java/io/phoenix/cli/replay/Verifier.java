package io.phoenix.cli.replay;

import io.phoenix.common.contract.BuildCancelled;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.BuildStatus;
import io.phoenix.orchestrator.saga.Decision;
import io.phoenix.orchestrator.saga.Saga;
import io.phoenix.orchestrator.saga.SagaInput;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Re-runs today's saga over a recorded build and compares its decisions with the recorded ones.
 *
 * <p>Every event not written by an orchestrator instance (the accepted event included) is an input:
 * it is handed to {@code decide} at its own time, and the events decide emits are expected, in
 * order, among the orchestrator's recorded events that follow. A recorded decision with nothing
 * expected before it was made by a timer (a deadline or a backoff), or by an operator (cancel,
 * retry): it is explained by a tick, a cancel or a retry at its own time. After a divergence the
 * model restarts from the recorded events (folded with {@code evolve}), so one difference is
 * reported once.
 */
final class Verifier {

  /**
   * One difference between the log and today's decisions.
   *
   * @param line the 1-based position of the event in the build's log, or 0 at its end
   * @param message what differs
   */
  record Divergence(int line, String message) {}

  /**
   * The outcome of a verification.
   *
   * @param inputs events handed to decide
   * @param checked recorded decisions that matched
   * @param divergences every difference found
   */
  record Report(int inputs, int checked, List<Divergence> divergences) {}

  private final Function<String, Saga> sagaFor;

  /** {@code sagaFor} makes the saga for the orchestrator source that recorded the build. */
  Verifier(Function<String, Saga> sagaFor) {
    this.sagaFor = sagaFor;
  }

  Report verify(BuildLog log) {
    List<CloudEvent> events = log.events();
    CloudEvent accepted =
        events.stream()
            .filter(e -> EventTypes.BUILD_ACCEPTED.equals(e.type()))
            .findFirst()
            .orElse(null);
    List<Divergence> divergences = new ArrayList<>();
    if (accepted == null) {
      divergences.add(
          new Divergence(0, "the log has no phoenix.build.accepted: nothing to replay"));
      return new Report(0, 0, divergences);
    }
    String orchestrator = accepted.source();
    String orchestrators = instancesOf(orchestrator);
    Saga saga = sagaFor.apply(orchestrator);
    BuildState model = null;
    BuildState recorded = null;
    Deque<CloudEvent> expected = new ArrayDeque<>();
    Instant now = accepted.time();
    int inputs = 0;
    int checked = 0;
    try {
      for (int i = 0; i < events.size(); i++) {
        CloudEvent event = events.get(i);
        int line = i + 1;
        if (!EventTypes.EVENTS.contains(event.type())) {
          continue; // the orchestrator skips unknown types too
        }
        if (event.time() != null && event.time().isAfter(now)) {
          now = event.time();
        }
        boolean decided =
            event.source().startsWith(orchestrators)
                && !EventTypes.BUILD_ACCEPTED.equals(event.type());
        if (!decided) {
          Decision decision = saga.decide(model, new SagaInput.Received(event), now);
          model = decision.state();
          expected.addAll(decision.events());
          recorded = saga.evolve(recorded, event);
          inputs++;
          continue;
        }
        if (expected.isEmpty()) {
          Decision explained = explain(saga, model, event, now);
          if (explained != null) {
            model = explained.state();
            expected.addAll(explained.events());
          }
        }
        recorded = saga.evolve(recorded, event);
        CloudEvent wanted = expected.poll();
        String difference = difference(wanted, event);
        if (difference == null) {
          checked++;
        } else {
          divergences.add(new Divergence(line, difference));
          model = recorded; // continue from what really happened
          expected.clear();
        }
      }
    } catch (MalformedRecordException e) {
      divergences.add(new Divergence(0, "the saga cannot read this log: " + e.getMessage()));
      return new Report(inputs, checked, divergences);
    }
    // Decisions follow their input within moments: one still missing is a divergence, although
    // for a build that is still running it may only not be written yet.
    boolean open = recorded == null || recorded.status().isOpen();
    for (CloudEvent missing : expected) {
      divergences.add(
          new Divergence(
              0,
              "today's saga also decides "
                  + describe(missing)
                  + "; the log lacks it"
                  + (open ? " (the build is still open: it may not be written yet)" : "")));
    }
    return new Report(inputs, checked, divergences);
  }

  /**
   * The source prefix every orchestrator instance shares ({@code /phoenix/orchestrator/} of {@code
   * /phoenix/orchestrator/host-1}): after a rebalance another instance continues the build.
   */
  static String instancesOf(String source) {
    int last = source.lastIndexOf('/');
    return source.startsWith("/phoenix/") && last > "/phoenix/".length()
        ? source.substring(0, last + 1)
        : source;
  }

  /** What made a recorded decision that no input explains: a timer, a cancel or a retry. */
  private static Decision explain(Saga saga, BuildState model, CloudEvent event, Instant now) {
    if (model == null) {
      return null;
    }
    Decision tick = saga.decide(model, new SagaInput.Tick(), now);
    if (!tick.events().isEmpty()) {
      return tick;
    }
    if (EventTypes.BUILD_CANCELLED.equals(event.type())) {
      return saga.decide(
          model, new SagaInput.Cancel(Envelopes.dataAs(event, BuildCancelled.class).reason()), now);
    }
    if (EventTypes.STEP_DISPATCHED.equals(event.type()) && model.status() == BuildStatus.FAILED) {
      return saga.decide(model, new SagaInput.Retry(), now);
    }
    return null;
  }

  /** Null when {@code recorded} is the decision {@code wanted}; else what differs. */
  private static String difference(CloudEvent wanted, CloudEvent recorded) {
    if (wanted == null) {
      return "the log has " + describe(recorded) + "; today's saga decides nothing here";
    }
    boolean same =
        wanted.type().equals(recorded.type())
            && Objects.equals(wanted.stepid(), recorded.stepid())
            && Objects.equals(wanted.attempt(), recorded.attempt());
    if (same && EventTypes.BUILD_FAILED.equals(wanted.type())) {
      BuildFailed w = Envelopes.dataAs(wanted, BuildFailed.class);
      BuildFailed r = Envelopes.dataAs(recorded, BuildFailed.class);
      same =
          Objects.equals(w.failedStep(), r.failedStep())
              && new HashSet<>(nullSafe(w.blocked())).equals(new HashSet<>(nullSafe(r.blocked())));
    }
    if (same) {
      return null;
    }
    return "the log has " + describe(recorded) + "; today's saga decides " + describe(wanted);
  }

  private static List<String> nullSafe(List<String> list) {
    return list == null ? List.of() : list;
  }

  /** e.g. {@code phoenix.step.dispatched 103/clone attempt 2}. */
  static String describe(CloudEvent event) {
    StringBuilder text = new StringBuilder(event.type());
    if (event.stepid() != null) {
      text.append(' ').append(event.stepid());
    }
    if (event.attempt() != null) {
      text.append(" attempt ").append(event.attempt());
    }
    if (EventTypes.BUILD_FAILED.equals(event.type())) {
      BuildFailed data = Envelopes.dataAs(event, BuildFailed.class);
      text.append(" (failed step ").append(data.failedStep());
      text.append(", blocked ").append(nullSafe(data.blocked())).append(')');
    }
    return text.toString();
  }
}
