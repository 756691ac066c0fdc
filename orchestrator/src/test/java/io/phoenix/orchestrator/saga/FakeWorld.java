package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Drives a saga through a whole build with scripted agents and a virtual clock, recording every
 * record read and written: the source of the replay fixtures.
 */
final class FakeWorld {

  /** How scripted agents answer one command: events after delays. */
  interface Agents {
    List<Answer> answer(CloudEvent command);
  }

  record Answer(Duration after, EventData data) {}

  private record Scheduled(Instant at, long seq, ReplayLog.Line line) {}

  private final Saga saga;
  private final Agents agents;
  private final PriorityQueue<Scheduled> queue =
      new PriorityQueue<>(
          (a, b) -> a.at.equals(b.at) ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
  private final List<ReplayLog.Line> log = new ArrayList<>();
  private long seq;
  private BuildState state;

  FakeWorld(Saga saga, Agents agents) {
    this.saga = saga;
    this.agents = agents;
  }

  FakeWorld input(CloudEvent event) {
    queue.add(new Scheduled(event.time(), seq++, ReplayLog.Line.input(event)));
    return this;
  }

  FakeWorld operator(String operator, String reason, Instant at) {
    queue.add(new Scheduled(at, seq++, ReplayLog.Line.operator(operator, reason, at)));
    return this;
  }

  /** Runs until nothing is left to happen; returns the log. */
  List<ReplayLog.Line> run() {
    for (int i = 0; i < 10_000; i++) {
      Optional<Instant> wake = saga.nextWakeUp(state);
      Scheduled next = queue.peek();
      if (wake.isPresent() && (next == null || wake.get().isBefore(next.at))) {
        record(saga.decide(state, new SagaInput.Tick(), wake.get()));
      } else if (next != null) {
        queue.poll();
        log.add(next.line);
        record(saga.decide(state, inputOf(next.line), next.at));
      } else {
        return log;
      }
    }
    throw new IllegalStateException("the build did not settle in 10000 steps");
  }

  BuildState state() {
    return state;
  }

  static SagaInput inputOf(ReplayLog.Line line) {
    if (line.operator() == null) {
      return new SagaInput.Received(line.record());
    }
    return switch (line.operator()) {
      case "cancel" -> new SagaInput.Cancel(line.reason());
      case "retry" -> new SagaInput.Retry();
      default -> throw new IllegalArgumentException("unknown operator line " + line.operator());
    };
  }

  private void record(Decision decision) {
    state = decision.state();
    for (Outbound out : decision.records()) {
      log.add(ReplayLog.Line.of(out));
      if (out.record().type().startsWith("phoenix.command.")) {
        CloudEvent command = out.record();
        for (Answer answer : agents.answer(command)) {
          CloudEvent event =
              Envelopes.event(
                  SagaFixtures.AGENT,
                  answer.data(),
                  command.buildid(),
                  command.stepid(),
                  command.attempt(),
                  command.time().plus(answer.after()));
          queue.add(new Scheduled(event.time(), seq++, ReplayLog.Line.input(event)));
        }
      }
    }
  }
}
