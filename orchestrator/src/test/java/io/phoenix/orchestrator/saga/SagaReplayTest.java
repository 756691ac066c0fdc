package io.phoenix.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Replays recorded builds ({@code src/test/resources/replay/*.jsonl}) through today's saga and
 * fails on any changed decision. Re-record on purpose with {@code -Dphoenix.replay.record=true}.
 */
class SagaReplayTest {

  private static final Path FIXTURES = Path.of("src/test/resources/replay");

  static Stream<String> scenarios() {
    return ReplayScenarios.NAMES.stream();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void todaysSagaMakesTheRecordedDecisions(String scenario) throws Exception {
    Path fixture = FIXTURES.resolve(scenario + ".jsonl");
    if (Boolean.getBoolean("phoenix.replay.record")) {
      ReplayLog.write(fixture, ReplayScenarios.world(scenario).run());
    }
    List<ReplayLog.Line> log = ReplayLog.read(fixture);
    assertThat(log).as("fixture %s", fixture).isNotEmpty();

    BuildState state = replay(SagaFixtures.saga(), log);

    assertThat(state.status()).isEqualTo(expectedEnd(scenario));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void recordingTheSameBuildTwiceGivesTheSameDecisions(String scenario) {
    List<JsonNode> first = decisions(ReplayScenarios.world(scenario).run());
    List<JsonNode> second = decisions(ReplayScenarios.world(scenario).run());
    assertThat(first).isNotEmpty().isEqualTo(second);
  }

  private static List<JsonNode> decisions(List<ReplayLog.Line> log) {
    return log.stream().filter(ReplayLog.Line::decided).map(SagaReplayTest::tree).toList();
  }

  private static JsonNode tree(ReplayLog.Line line) {
    return Envelopes.json().readTree(ReplayLog.json(line));
  }

  private static BuildStatus expectedEnd(String scenario) {
    return switch (scenario) {
      case "cancel" -> BuildStatus.CANCELLED;
      default -> BuildStatus.SUCCEEDED;
    };
  }

  /**
   * Feeds every input line to decide (at its time) and checks each recorded decision against what
   * decide answers now. A decision with no input before it was made by a timer: it is replayed as a
   * tick at its own time.
   */
  static BuildState replay(Saga saga, List<ReplayLog.Line> log) {
    BuildState state = null;
    Deque<Outbound> pending = new ArrayDeque<>();
    int index = 0;
    for (ReplayLog.Line line : log) {
      index++;
      if (line.decided()) {
        if (pending.isEmpty()) {
          Decision tick = saga.decide(state, new SagaInput.Tick(), line.time());
          state = tick.state();
          pending.addAll(tick.records());
        }
        assertThat(pending)
            .as("line %d: a decision today's saga does not make", index)
            .isNotEmpty();
        // Compared as JSON trees: the contract's records copy maps with Map.copyOf, whose
        // iteration order differs between JVMs; field order carries no meaning.
        assertThat(tree(ReplayLog.Line.of(pending.poll())))
            .as("decision at line %d", index)
            .isEqualTo(tree(line));
      } else {
        assertThat(pending)
            .as("line %d: today's saga decided more before this input", index)
            .isEmpty();
        Instant now = line.time();
        Decision decision = saga.decide(state, FakeWorld.inputOf(line), now);
        state = decision.state();
        pending.addAll(decision.records());
      }
    }
    assertThat(pending).as("decisions today's saga makes that the log lacks").isEmpty();
    return state;
  }
}
