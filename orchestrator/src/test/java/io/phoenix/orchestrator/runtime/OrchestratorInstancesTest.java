package io.phoenix.orchestrator.runtime;

import static io.phoenix.orchestrator.runtime.OrchestratorRecoveryTest.isBuildEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.EventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Two orchestrator instances split the builds by partition; one takes over when the other dies. */
class OrchestratorInstancesTest {

  @Test
  void twoInstancesShareTheBuildsAndTheSurvivorFinishesTheBuildsOfTheOneThatDied()
      throws Exception {
    Map<String, String> settings =
        Map.of(
            "phoenix.orchestrator.max-parallel", "1",
            // The dead instance's partitions move once its session times out.
            "spring.kafka.consumer.properties.session.timeout.ms", "6000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms", "1000");
    try (TestOrchestrator orchestrator = new TestOrchestrator(settings);
        FakeAgents agents =
            new FakeAgents(
                orchestrator.topics,
                orchestrator.prefix + "-agents",
                c -> FakeAgents.succeed(c, Duration.ofMillis(400)));
        EventLog log = new EventLog(orchestrator.topics.events())) {
      ConfigurableApplicationContext first = orchestrator.start("orch-a");
      orchestrator.start("orch-b");
      List<String> builds =
          List.of("split-1", "split-2", "split-3", "split-4").stream()
              .map(BuildIds::forRequest)
              .toList();
      int guest = 71;
      for (String request : List.of("split-1", "split-2", "split-3", "split-4")) {
        orchestrator.request(
            "{\"requestId\":\""
                + request
                + "\",\"action\":\"create\",\"guests\":["
                + guest++
                + "]}");
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> log.events(e -> e.type().equals(EventTypes.STEP_SUCCEEDED)).size() >= 3);

      orchestrator.crash(first);

      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  builds.stream()
                      .allMatch(
                          id ->
                              !log.events(e -> isBuildEvent(e, id, EventTypes.BUILD_SUCCEEDED))
                                  .isEmpty()));
      assertThat(agents.dispatches()).hasSize(12);
      assertThat(agents.dispatches().values()).containsOnly(1);
      Set<String> writers =
          log.events(e -> e.type().equals(EventTypes.STEP_DISPATCHED)).stream()
              .map(CloudEvent::source)
              .collect(Collectors.toSet());
      assertThat(writers)
          .as("both instances dispatched steps")
          .containsExactlyInAnyOrder(
              "/phoenix/orchestrator/orch-a", "/phoenix/orchestrator/orch-b");
    }
  }
}
