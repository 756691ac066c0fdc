package io.phoenix.orchestrator.runtime;

import static io.phoenix.orchestrator.runtime.OrchestratorRecoveryTest.isBuildEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.BuildAccepted;
import io.phoenix.common.contract.BuildRejected;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.StepHeartbeat;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Triggers and bad input against a real broker: repeats, busy guests, poison records. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrchestratorIntakeTest {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private TestOrchestrator orchestrator;
  private FakeAgents agents;
  private EventLog events;
  private EventLog eventsDlt;
  private EventLog requestsDlt;

  @BeforeAll
  void start() throws Exception {
    orchestrator = new TestOrchestrator(Map.of());
    Topics topics = orchestrator.topics;
    agents =
        new FakeAgents(
            topics,
            orchestrator.prefix + "-agents",
            c ->
                FakeAgents.succeed(
                    c,
                    c.stepid().startsWith("31/") ? Duration.ofSeconds(2) : Duration.ofMillis(50)));
    events = new EventLog(topics.events());
    eventsDlt = new EventLog(Topics.deadLetter(topics.events()));
    requestsDlt = new EventLog(Topics.deadLetter(topics.buildRequests()));
    orchestrator.start();
  }

  @AfterAll
  void stop() {
    agents.close();
    events.close();
    eventsDlt.close();
    requestsDlt.close();
    orchestrator.close();
  }

  @Test
  void aRepeatedRequestIdStartsNoSecondBuildAndIsAnsweredWithTheFirstBuildsId() throws Exception {
    String request = "{\"requestId\":\"dup-1\",\"action\":\"create\",\"guests\":[41]}";
    orchestrator.request(request);
    orchestrator.request(request);
    String buildId = BuildIds.forRequest("dup-1");
    awaitBuild(buildId, EventTypes.BUILD_SUCCEEDED);
    orchestrator.request(request);

    await()
        .atMost(BOUND)
        .until(
            () ->
                events.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_REJECTED)).size()
                    == 2);
    assertThat(events.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_REJECTED)))
        .extracting(e -> Envelopes.dataAs(e, BuildRejected.class))
        .allSatisfy(r -> assertThat(r.requestId()).isEqualTo("dup-1"))
        .allSatisfy(r -> assertThat(r.reason()).contains("already started build " + buildId));
    assertThat(
            events.events(
                e ->
                    e.type().equals(EventTypes.BUILD_ACCEPTED)
                        && "dup-1".equals(Envelopes.dataAs(e, BuildAccepted.class).requestId())))
        .hasSize(1);
    assertThat(agents.dispatches()).containsEntry("41/create#1", 1);
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRequestSucceeds() throws Exception {
    orchestrator.send(
        orchestrator.topics.events(), "poison", "{not json".getBytes(StandardCharsets.UTF_8));
    CloudEvent future =
        Envelopes.event("/elsewhere", new StepHeartbeat("x"), "b-none", null, null, Instant.now());
    byte[] unknownType =
        Envelopes.write(
            new CloudEvent(
                "1.0",
                "odd-1",
                "/elsewhere",
                "phoenix.step.teleported",
                Instant.now(),
                "application/json",
                "b-none",
                null,
                null,
                null,
                future.data()));
    orchestrator.send(orchestrator.topics.events(), "b-none", unknownType);
    orchestrator.request("{\"requestId\":\"after-poison\",\"action\":\"create\",\"guests\":[42]}");

    awaitBuild(BuildIds.forRequest("after-poison"), EventTypes.BUILD_SUCCEEDED);
    await().atMost(BOUND).until(() -> !eventsDlt.records().isEmpty());
    ConsumerRecord<String, byte[]> dead = eventsDlt.records().get(0);
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(header(dead, DeadLetters.REASON_HEADER)).startsWith("record is not JSON");
    assertThat(header(dead, "phoenix-dlt-topic")).isEqualTo(orchestrator.topics.events());
    assertThat(eventsDlt.records()).hasSize(1);
  }

  @Test
  void anUnreadableRequestIsRejectedWithTheReasonAndDeadLettered() throws Exception {
    orchestrator.request("guests: [101]");
    orchestrator.request("{\"action\":\"create\",\"guests\":\"all\"}");
    orchestrator.request("{\"action\":\"launch\",\"guests\":[1]}");

    await()
        .atMost(BOUND)
        .untilAsserted(
            () ->
                assertThat(rejections())
                    .anySatisfy(r -> assertThat(r).startsWith("request is not JSON"))
                    .anySatisfy(
                        r -> assertThat(r).startsWith("request has a field of the wrong type"))
                    .anySatisfy(
                        r ->
                            assertThat(r)
                                .isEqualTo(
                                    "action 'launch' is not one of create, destroy, cancel,"
                                        + " retry")));
    await().atMost(BOUND).until(() -> !requestsDlt.records().isEmpty());
    assertThat(header(requestsDlt.records().get(0), DeadLetters.REASON_HEADER))
        .startsWith("request is not JSON");
  }

  @Test
  void anUnknownGuestIsRejectedWithThePlannersReason() throws Exception {
    orchestrator.request(
        "{\"requestId\":\"unknown-guest\",\"action\":\"create\",\"guests\":[4242]}");
    String buildId = BuildIds.forRequest("unknown-guest");

    CloudEvent rejected = awaitBuild(buildId, EventTypes.BUILD_REJECTED);

    assertThat(Envelopes.dataAs(rejected, BuildRejected.class).reason())
        .isEqualTo(
            "cannot plan the build: guest 4242 is not in the inventory; add it or fix the id");
    assertThat(events.events(e -> isBuildEvent(e, buildId, EventTypes.BUILD_ACCEPTED))).isEmpty();
  }

  @Test
  void aBuildTouchingAGuestOfARunningBuildIsRejectedUntilThatBuildEnds() throws Exception {
    orchestrator.request("{\"requestId\":\"busy-a\",\"action\":\"create\",\"guests\":[31]}");
    String first = BuildIds.forRequest("busy-a");
    awaitBuild(first, EventTypes.BUILD_ACCEPTED);

    orchestrator.request("{\"requestId\":\"busy-b\",\"action\":\"create\",\"guests\":[31,32]}");
    CloudEvent rejected = awaitBuild(BuildIds.forRequest("busy-b"), EventTypes.BUILD_REJECTED);
    assertThat(Envelopes.dataAs(rejected, BuildRejected.class).reason())
        .contains("guest 31 is in build " + first)
        .contains("wait for it to end or cancel it");
    assertThat(agents.dispatches()).doesNotContainKey("32/create#1");

    awaitBuild(first, EventTypes.BUILD_SUCCEEDED);
    orchestrator.request("{\"requestId\":\"busy-c\",\"action\":\"create\",\"guests\":[31]}");
    awaitBuild(BuildIds.forRequest("busy-c"), EventTypes.BUILD_SUCCEEDED);
  }

  private List<String> rejections() {
    return events.events(e -> e.type().equals(EventTypes.BUILD_REJECTED)).stream()
        .map(e -> Envelopes.dataAs(e, BuildRejected.class).reason())
        .toList();
  }

  private CloudEvent awaitBuild(String buildId, String type) {
    await()
        .atMost(BOUND)
        .until(() -> !events.events(e -> isBuildEvent(e, buildId, type)).isEmpty());
    return events.events(e -> isBuildEvent(e, buildId, type)).get(0);
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
