package io.phoenix.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.orchestrator.runtime.FakeAgents;
import io.phoenix.orchestrator.runtime.TestOrchestrator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The REST API over real HTTP, with the orchestrator on a real broker and scripted agents. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildApiTest {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  private TestOrchestrator orchestrator;
  private FakeAgents agents;
  private String base;

  @BeforeAll
  void start() throws Exception {
    orchestrator = new TestOrchestrator(Map.of());
    agents =
        new FakeAgents(orchestrator.topics, orchestrator.prefix + "-agents", BuildApiTest::answer);
    ConfigurableApplicationContext context = orchestrator.start();
    base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  void stop() {
    agents.close();
    orchestrator.close();
  }

  private static List<FakeAgents.Answer> answer(CloudEvent command) {
    StepCommand data = Envelopes.dataAs(command, StepCommand.class);
    if (data.dryRun()) {
      return List.of(
          new FakeAgents.Answer(
              Duration.ofMillis(20),
              switch (data.action()) {
                case "create" -> new StepSucceeded(Outcome.WOULD_CREATE, List.of(), Map.of(), 1);
                case "configure" ->
                    new StepSucceeded(
                        Outcome.WOULD_UPDATE, List.of("memory: 512 -> 1024"), Map.of(), 1);
                default -> new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), 1);
              }));
    }
    if (data.guest() == 51) {
      return FakeAgents.succeed(command, Duration.ofSeconds(3));
    }
    if (command.stepid().equals("52/configure") && command.attempt() == 1) {
      return List.of(
          new FakeAgents.Answer(Duration.ZERO, new StepStarted("fake-agent")),
          new FakeAgents.Answer(
              Duration.ofMillis(20),
              new StepFailed("EXEC_FAILED", "apt-get exited with 100", false, Map.of())));
    }
    return FakeAgents.succeed(command, Duration.ofMillis(50));
  }

  @Test
  void postStartsABuildAndGetShowsItsStepsWithAttemptsAndTimings() throws Exception {
    HttpResponse<String> posted =
        post("/api/builds", "{\"requestId\":\"api-1\",\"action\":\"create\",\"guests\":[61]}");
    assertThat(posted.statusCode()).isEqualTo(202);
    String buildId = json(posted).get("buildId").asString();
    assertThat(posted.headers().firstValue("Location")).contains("/api/builds/" + buildId);

    JsonNode build = awaitStatus(buildId, "succeeded");

    assertThat(build.get("requestId").asString()).isEqualTo("api-1");
    assertThat(build.get("steps")).hasSize(3);
    for (JsonNode step : build.get("steps")) {
      assertThat(step.get("status").asString()).isEqualTo("succeeded");
      assertThat(step.get("attempt").asInt()).isEqualTo(1);
      assertThat(step.has("dispatchedAt") && step.has("endedAt") && step.has("durationMs"))
          .isTrue();
      assertThat(step.get("outcome").asString()).isEqualTo("created");
    }
    JsonNode list = json(get("/api/builds"));
    assertThat(list.findValuesAsString("buildId")).contains(buildId);
    JsonNode events = json(get("/api/builds/" + buildId + "/events"));
    assertThat(events.get(0).get("type").asString()).isEqualTo("phoenix.build.accepted");
    assertThat(events.get(events.size() - 1).get("type").asString())
        .isEqualTo("phoenix.build.succeeded");
  }

  @Test
  void aRepeatedRequestIdIsAnsweredWithTheFirstBuild() throws Exception {
    String body = "{\"requestId\":\"api-repeat\",\"action\":\"create\",\"guests\":[62]}";
    String first = json(post("/api/builds", body)).get("buildId").asString();
    awaitStatus(first, "succeeded");

    HttpResponse<String> again = post("/api/builds", body);

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("buildId").asString()).isEqualTo(first);
    assertThat(json(again).get("repeated").asBoolean()).isTrue();
  }

  @Test
  void badRequestsAreProblemDetails() throws Exception {
    HttpResponse<String> unknown = post("/api/builds", "{\"action\":\"create\",\"guests\":[4242]}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");
    assertThat(json(unknown).get("title").asString()).isEqualTo("Cannot plan the build");
    assertThat(json(unknown).get("detail").asString())
        .contains("guest 4242 is not in the inventory");

    HttpResponse<String> unreadable = post("/api/builds", "{\"guests\":");
    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(json(unreadable).get("detail").asString()).contains("not a valid build request");

    HttpResponse<String> missing = get("/api/builds/b-nothing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("detail").asString()).contains("there is no build b-nothing");
    assertThat(missing.body()).doesNotContain("Exception");
  }

  @Test
  void cancelStopsDispatchingAndTheBuildEndsCancelled() throws Exception {
    String buildId =
        json(post("/api/builds", "{\"requestId\":\"api-cancel\",\"guests\":[51]}"))
            .get("buildId")
            .asString();
    awaitStatus(buildId, "running");

    HttpResponse<String> cancel =
        post("/api/builds/" + buildId + "/cancel", "{\"reason\":\"wrong guest\"}");

    assertThat(cancel.statusCode()).isEqualTo(202);
    JsonNode build = awaitStatus(buildId, "cancelled");
    assertThat(build.get("cancelReason").asString()).isEqualTo("wrong guest");
    assertThat(agents.dispatches()).doesNotContainKey("51/start#1");
    HttpResponse<String> again = post("/api/builds/" + buildId + "/cancel", "{}");
    assertThat(again.statusCode()).isEqualTo(409);
  }

  @Test
  void retryRunsTheFailedStepsOfAFailedBuildAgain() throws Exception {
    String buildId =
        json(post("/api/builds", "{\"requestId\":\"api-retry\",\"guests\":[52]}"))
            .get("buildId")
            .asString();
    JsonNode failed = awaitStatus(buildId, "failed");
    assertThat(failed.get("failedStep").asString()).isEqualTo("52/configure");
    assertThat(failed.get("failureReason").asString())
        .isEqualTo("EXEC_FAILED: apt-get exited with 100");
    assertThat(failed.get("blocked").toString()).isEqualTo("[\"52/start\"]");

    assertThat(post("/api/builds/" + buildId + "/retry", "").statusCode()).isEqualTo(202);

    JsonNode done = awaitStatus(buildId, "succeeded");
    assertThat(done.get("retries").asInt()).isEqualTo(1);
    assertThat(step(done, "52/configure").get("attempt").asInt()).isEqualTo(2);
    assertThat(post("/api/builds/" + buildId + "/retry", "").statusCode()).isEqualTo(409);
  }

  @Test
  void aDryRunEndsWithAPlanVersusRealityReport() throws Exception {
    String buildId =
        json(post("/api/builds", "{\"requestId\":\"api-dry\",\"guests\":[63],\"dryRun\":true}"))
            .get("buildId")
            .asString();

    JsonNode build = awaitStatus(buildId, "succeeded");

    assertThat(build.get("dryRun").asBoolean()).isTrue();
    assertThat(build.get("report").toString())
        .isEqualTo(
            "{\"would-create\":[\"63/create\"],"
                + "\"would-update\":{\"63/configure\":[\"memory: 512 -> 1024\"]},"
                + "\"noop\":[\"63/start\"]}");
    assertThat(agents.commands())
        .filteredOn(c -> buildId.equals(c.buildid()))
        .allSatisfy(c -> assertThat(Envelopes.dataAs(c, StepCommand.class).dryRun()).isTrue());
  }

  private static JsonNode step(JsonNode build, String id) {
    for (JsonNode step : build.get("steps")) {
      if (step.get("id").asString().equals(id)) {
        return step;
      }
    }
    throw new AssertionError("no step " + id);
  }

  private JsonNode awaitStatus(String buildId, String status) throws Exception {
    await()
        .atMost(BOUND)
        .until(
            () -> {
              HttpResponse<String> r = get("/api/builds/" + buildId);
              return r.statusCode() == 200 && status.equals(json(r).get("status").asString());
            });
    return json(get("/api/builds/" + buildId));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Envelopes.json().readTree(response.body());
  }
}
