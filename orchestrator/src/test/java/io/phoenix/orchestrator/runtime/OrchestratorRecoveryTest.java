package io.phoenix.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The orchestrator against a real broker: crashes, restarts and deadlines. */
class OrchestratorRecoveryTest {

  private static final Duration BOUND = Duration.ofSeconds(90);

  @Test
  void aBuildSurvivesThreeCrashesAndEveryAttemptIsDispatchedExactlyOnce() throws Exception {
    // Two steps at a time, so that the build is still running at each crash.
    try (TestOrchestrator orchestrator =
        new TestOrchestrator(Map.of("phoenix.orchestrator.max-parallel", "2"))) {
      runThroughCrashes(orchestrator);
    }
  }

  private void runThroughCrashes(TestOrchestrator orchestrator) throws Exception {
    try (FakeAgents agents =
            new FakeAgents(
                orchestrator.topics,
                orchestrator.prefix + "-agents",
                c -> FakeAgents.succeed(c, Duration.ofMillis(500)));
        EventLog log = new EventLog(orchestrator.topics.events())) {
      ConfigurableApplicationContext context = orchestrator.start();
      orchestrator.request(
          "{\"requestId\":\"crash-1\",\"action\":\"create\",\"guests\":[11,12,13,14,15,16]}");
      String buildId = BuildIds.forRequest("crash-1");

      for (int crash = 1; crash <= 3; crash++) {
        int progress = 4 * crash - 1;
        await().atMost(BOUND).until(() -> succeededSteps(log, buildId) >= progress);
        orchestrator.crash(context);
        assertThat(log.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_SUCCEEDED)))
            .as("the build is still running at crash %d", crash)
            .isEmpty();
        context = orchestrator.start();
      }
      await()
          .atMost(BOUND)
          .until(
              () ->
                  !log.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_SUCCEEDED)).isEmpty());

      Map<String, Integer> dispatches = agents.dispatches();
      assertThat(dispatches).hasSize(18);
      assertThat(dispatches.values()).containsOnly(1);
      assertThat(dispatches.keySet()).allMatch(k -> k.endsWith("#1"));
      Map<String, Long> dispatchedEvents =
          log.events(e -> isBuildEvent(e, buildId, EventTypes.STEP_DISPATCHED)).stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.stepid() + "#" + e.attempt(), Collectors.counting()));
      assertThat(dispatchedEvents).hasSize(18).allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
      assertThat(log.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_SUCCEEDED))).hasSize(1);
      assertThat(
              agents.commands().stream()
                  .filter(c -> c.stepid().endsWith("/start"))
                  .map(
                      c ->
                          Envelopes.dataAs(c, io.phoenix.common.contract.StepCommand.class)
                              .inputs()
                              .get("ip")))
          .containsOnly("10.0.0.1");
    }
  }

  @Test
  void aStepWhoseAgentNeverAnswersFailsByDeadlineAfterItsRetries() throws Exception {
    Map<String, String> shortDeadlines =
        Map.of(
            "phoenix.orchestrator.deadlines.actions.start.start", "1s",
            "phoenix.orchestrator.deadlines.actions.start.max-attempts", "2",
            "phoenix.orchestrator.deadlines.actions.start.backoff", "200ms");
    try (TestOrchestrator orchestrator = new TestOrchestrator(shortDeadlines);
        FakeAgents agents =
            new FakeAgents(
                orchestrator.topics,
                orchestrator.prefix + "-agents",
                c ->
                    c.stepid().equals("21/start")
                        ? List.of()
                        : FakeAgents.succeed(c, Duration.ofMillis(50)));
        EventLog log = new EventLog(orchestrator.topics.events())) {
      orchestrator.start();
      long started = System.nanoTime();
      orchestrator.request("{\"requestId\":\"silent-1\",\"action\":\"create\",\"guests\":[21]}");
      String buildId = BuildIds.forRequest("silent-1");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> !log.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_FAILED)).isEmpty());

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      BuildFailed failed =
          Envelopes.dataAs(
              log.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_FAILED)).get(0),
              BuildFailed.class);
      assertThat(failed.failedStep()).isEqualTo("21/start");
      assertThat(failed.reason()).startsWith("DEADLINE");
      assertThat(agents.dispatches())
          .containsEntry("21/start#1", 1)
          .containsEntry("21/start#2", 1)
          .doesNotContainKey("21/start#3");
      assertThat(log.events(e -> isBuildEvent(e, buildId, EventTypes.STEP_FAILED)))
          .extracting(CloudEvent::attempt)
          .containsExactly(1, 2);
    }
  }

  static int succeededSteps(EventLog log, String buildId) {
    return log.events(e -> isBuildEvent(e, buildId, EventTypes.STEP_SUCCEEDED)).size();
  }

  static boolean isBuildEvent(CloudEvent e, String buildId, String type) {
    return buildId.equals(e.buildid()) && type.equals(e.type());
  }
}
