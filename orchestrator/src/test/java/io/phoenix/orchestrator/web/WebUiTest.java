package io.phoenix.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepProgress;
import io.phoenix.common.contract.StepStarted;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.common.kafka.PhoenixTopicsConfiguration;
import io.phoenix.common.runtime.ServiceLauncher;
import io.phoenix.common.testing.TestKafka;
import io.phoenix.orchestrator.OrchestratorApplication;
import io.phoenix.orchestrator.planning.PlannedStep;
import io.phoenix.orchestrator.planning.Planner;
import io.phoenix.orchestrator.runtime.BuildIds;
import io.phoenix.orchestrator.runtime.FakeAgents;
import io.phoenix.orchestrator.runtime.SagaRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in headless Chromium, against the real orchestrator (real planner on the bundled
 * inventory, real broker) with the agents played by a Kafka client: what a person sees of a
 * finished and of a failed build, live updates over the event stream, retry and a refused cancel.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiTest {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String FAILING_STEP = "102/feature/traefik";
  private static final String ERROR_MESSAGE =
      "traefik exited 1: <img src=x onerror=\"window.__xss=1\"> & bad entrypoint";

  private final String prefix = "web" + UUID.randomUUID().toString().substring(0, 8);
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path artefacts = Path.of(System.getProperty("basedir", "."), "target", "web-ui");
  private final Map<String, Set<String>> outputsNeeded = new HashMap<>();
  private volatile String failingBuild;
  private ConfigurableApplicationContext context;
  private FakeAgents agents;
  private WebDriver browser;
  private Path profile;
  private String base;

  @BeforeAll
  void start() throws Exception {
    // The fake agents answer every step with the outputs later steps take from it.
    for (PlannedStep step :
        new Planner()
            .create(InventoryLoader.bundled().orThrow(), List.of(900, 103, 101, 102))
            .steps()) {
      step.inputs().values().stream()
          .map(ref -> ref.split("#", 2))
          .forEach(
              ref ->
                  outputsNeeded
                      .computeIfAbsent(ref[0], k -> new java.util.TreeSet<>())
                      .add(ref[1]));
    }
    Topics topics = new Topics(prefix, 2, 3);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
      admin.createTopics(PhoenixTopicsConfiguration.newTopics(topics, (short) 1)).all().get();
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
    settings.put("phoenix.kafka.topic-prefix", prefix);
    settings.put("phoenix.kafka.command-partitions", "2");
    settings.put("phoenix.kafka.event-partitions", "3");
    settings.put("phoenix.orchestrator.group-id", prefix + "-orchestrator");
    settings.put("phoenix.orchestrator.instance-id", "web-ui-test");
    settings.put("phoenix.orchestrator.tick", "100ms");
    settings.put("phoenix.orchestrator.inventory", "does-not-exist/use-the-bundled.yaml");
    settings.put("server.port", "0");
    settings.put("spring.main.banner-mode", "off");
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.add("--" + k + "=" + v));
    SpringApplication app =
        ServiceLauncher.application(OrchestratorApplication.class, OrchestratorApplication.NAME);
    context = app.run(args.toArray(String[]::new));
    assertThat(context.getBean(SagaRuntime.class).awaitAssignment(Duration.ofSeconds(60)))
        .as("the orchestrator got its partitions")
        .isTrue();
    base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    agents = new FakeAgents(topics, prefix + "-agents", this::answer);
    Files.createDirectories(artefacts);
  }

  /** The browser's console (script errors, failed requests) goes to the test output. */
  @AfterEach
  void printBrowserConsole() {
    if (browser != null) {
      browser
          .manage()
          .logs()
          .get(LogType.BROWSER)
          .forEach(e -> System.out.println("browser: " + e));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (agents != null) {
      agents.close();
    }
    if (context != null) {
      context.close();
    }
  }

  /** Each step: started, one progress line, then its outputs after a short piece of work. */
  private List<FakeAgents.Answer> answer(CloudEvent command) {
    String step = command.stepid();
    List<FakeAgents.Answer> answers = new ArrayList<>();
    answers.add(new FakeAgents.Answer(Duration.ZERO, new StepStarted("fake-agent/web-ui-test")));
    if (step.equals(FAILING_STEP)
        && command.buildid().equals(failingBuild)
        && command.attempt() == 1) {
      answers.add(progress(10, "installing traefik v3.1"));
      answers.add(progress(20, "writing /etc/traefik/traefik.yml"));
      answers.add(progress(30, "traefik check: entrypoint websecure has no certificate"));
      answers.add(
          new FakeAgents.Answer(
              Duration.ofMillis(40),
              new StepFailed(
                  "EXEC_FAILED",
                  ERROR_MESSAGE,
                  false,
                  Map.of("exitCode", "1", "stderrTail", "level=fatal msg=\"<no certificate>\""))));
      return answers;
    }
    answers.add(progress(30, "working on " + step));
    Map<String, String> outputs = new LinkedHashMap<>();
    outputsNeeded.getOrDefault(step, Set.of()).forEach(name -> outputs.put(name, "public-" + name));
    answers.add(
        new FakeAgents.Answer(
            Duration.ofMillis(120),
            new StepSucceeded(
                step.endsWith("/start")
                    ? StepSucceeded.Outcome.NOOP
                    : StepSucceeded.Outcome.CREATED,
                List.of(),
                outputs,
                120)));
    return answers;
  }

  private static FakeAgents.Answer progress(long afterMs, String message) {
    return new FakeAgents.Answer(Duration.ofMillis(afterMs), new StepProgress(message, null));
  }

  @Test
  void aBuildPageOpenedBeforeTheBuildExistsFollowsItLiveToSucceededWithEveryStepShown()
      throws Exception {
    String buildId = BuildIds.forRequest(run + "-finished");
    WebDriver page = browser();
    page.get(base + "/build.html?id=" + buildId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> text(page, "#load-error").contains("there is no build " + buildId));
    // Every status the page shows, in order, without any reload.
    ((JavascriptExecutor) page)
        .executeScript(
            "window.__seen = [];"
                + "new MutationObserver(() => {"
                + "  const s = document.getElementById('build-status');"
                + "  const v = s && s.dataset.status;"
                + "  if (v && window.__seen[window.__seen.length - 1] !== v) window.__seen.push(v);"
                + "}).observe(document.getElementById('summary'), {childList: true, subtree: true});");

    assertThat(submit("finished", 101)).isEqualTo(buildId);

    await().atMost(BOUND).ignoreExceptions().until(() -> buildStatus(page).equals("succeeded"));
    assertThat(((JavascriptExecutor) page).executeScript("return window.__seen"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains("running")
        .last()
        .isEqualTo("succeeded");
    assertThat(text(page, "#load-error")).isEmpty();
    JsonNode build = json(get("/api/builds/" + buildId));
    int steps = build.get("steps").size();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> page.findElements(By.cssSelector("#dag g.step")).size() == steps);
    assertThat(attributes(page, "#dag g.step", "data-status"))
        .hasSize(steps)
        .containsOnly("succeeded", "noop")
        .contains("noop");
    assertThat(attributes(page, "#gantt g.bar", "data-status")).hasSize(steps);
    assertThat(attributes(page, "#failures .failure", "class")).isEmpty();
    assertThat(text(page, "#live")).isEqualTo("live");
    screenshot(page, "succeeded-build.png");

    page.findElement(By.id("cancel")).click();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> page.findElement(By.id("action-message")).getText().contains("cancelled"));
    WebElement refused = page.findElement(By.id("action-message"));
    assertThat(refused.getDomAttribute("class")).contains("refused");
    assertThat(refused.getText())
        .isEqualTo(
            "build "
                + buildId
                + " is succeeded; only an accepted or running build can be cancelled");

    page.get(base + "/");
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () ->
                page.findElement(By.cssSelector("tr[data-build='" + buildId + "'] .badge"))
                    .getText()
                    .equals("succeeded"));
    assertThat(text(page, "tr[data-build='" + buildId + "']")).contains("create", "101");
    screenshot(page, "builds-list.png");
  }

  @Test
  void aFailedBuildShowsTheStepErrorAsTextWithItsLogTailAndRetryRunsItToTheEnd() throws Exception {
    String buildId = BuildIds.forRequest(run + "-failed");
    failingBuild = buildId;
    assertThat(submit("failed", 102)).isEqualTo(buildId);
    WebDriver page = browser();
    page.get(base + "/build.html?id=" + buildId);
    String failure = ".step-failure[data-step='" + FAILING_STEP + "']";

    await().atMost(BOUND).ignoreExceptions().until(() -> buildStatus(page).equals("failed"));
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> text(page, failure + " .log-tail").contains("FAILED EXEC_FAILED"));

    assertThat(text(page, failure + " .error-text")).isEqualTo("EXEC_FAILED: " + ERROR_MESSAGE);
    assertThat(text(page, failure + " .error-details"))
        .contains("stderrTail: level=fatal msg=\"<no certificate>\"");
    assertThat(text(page, failure + " .log-tail"))
        .contains(
            "installing traefik v3.1",
            "writing /etc/traefik/traefik.yml",
            "traefik check: entrypoint websecure has no certificate",
            "FAILED EXEC_FAILED: " + ERROR_MESSAGE);
    assertThat(attributes(page, "#failures img", "src"))
        .as("markup is shown, not parsed")
        .isEmpty();
    assertThat(((JavascriptExecutor) page).executeScript("return window.__xss === undefined"))
        .isEqualTo(true);
    assertThat(text(page, ".build-failure .reason")).isEqualTo("EXEC_FAILED: " + ERROR_MESSAGE);
    assertThat(attributes(page, "#dag g.step[data-step='" + FAILING_STEP + "']", "data-status"))
        .containsExactly("failed");
    assertThat(attributes(page, "#dag g.step[data-status='pending']", "data-step"))
        .as("the steps the failure blocked")
        .contains("102/health", "102/snapshot/final-form");
    Path shot = screenshot(page, "failed-build.png");
    Path docs = Path.of(System.getProperty("basedir", "."), "..", "docs", "images");
    // Refresh the README's picture only when asked (-Dphoenix.docs.screenshots=true), so a test
    // run never leaves the work tree changed.
    if (Boolean.getBoolean("phoenix.docs.screenshots") && Files.isDirectory(docs.getParent())) {
      Files.createDirectories(docs);
      Files.copy(shot, docs.resolve("build-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    page.findElement(By.id("retry")).click();

    await().atMost(BOUND).ignoreExceptions().until(() -> buildStatus(page).equals("succeeded"));
    assertThat(text(page, "#action-message")).isEqualTo("retry requested");
    assertThat(attributes(page, ".step-failure", "data-step")).isEmpty();
    // The graph is redrawn on every event, so the click is retried until it lands on a live box.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              page.findElement(By.cssSelector("#dag g.step[data-step='" + FAILING_STEP + "']"))
                  .click();
              assertThat(text(page, "#detail")).contains(FAILING_STEP);
            });
    assertThat(
            page.findElement(
                    By.xpath("//*[@id='detail']//dt[.='Attempt']/following-sibling::dd[1]"))
                .getText())
        .isEqualTo("2");
    screenshot(page, "retried-build.png");
  }

  @Test
  void theStreamSendsTheBuildsEventsInLogOrderAndResumesAfterLastEventId() throws Exception {
    String buildId = submit("stream", 900);
    await()
        .atMost(BOUND)
        .until(
            () -> json(get("/api/builds/" + buildId)).get("status").asString().equals("succeeded"));
    int total = json(get("/api/builds/" + buildId + "/events")).size();

    List<String> all = streamIds(buildId, null, total);
    List<String> resumed = streamIds(buildId, "3", total - 3);

    assertThat(all).first().isEqualTo("1");
    assertThat(all).last().isEqualTo(Integer.toString(total));
    assertThat(resumed).first().isEqualTo("4");
    assertThat(resumed).hasSize(total - 3);
  }

  /** Reads {@code count} events of the build's stream and returns their ids. */
  private List<String> streamIds(String buildId, String lastEventId, int count) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/api/builds/" + buildId + "/stream"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<java.io.InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/event-stream");
    List<String> ids = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      String id = null;
      while (ids.size() < count && (line = lines.readLine()) != null) {
        if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          CloudEvent event =
              Envelopes.read(line.substring(5).trim().getBytes(StandardCharsets.UTF_8));
          assertThat(event.buildid()).isEqualTo(buildId);
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private String submit(String name, int guest) throws Exception {
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/builds"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"requestId\":\""
                            + run
                            + "-"
                            + name
                            + "\",\"action\":\"create\",\"guests\":["
                            + guest
                            + "]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    return json(posted).get("buildId").asString();
  }

  /** The attribute of every element {@code css} matches, read in one go (the page redraws). */
  @SuppressWarnings("unchecked")
  private static List<String> attributes(WebDriver page, String css, String attribute) {
    return (List<String>)
        ((JavascriptExecutor) page)
            .executeScript(
                "return [...document.querySelectorAll(arguments[0])]"
                    + ".map(e => e.getAttribute(arguments[1]))",
                css,
                attribute);
  }

  /** The rendered text of the first element {@code css} matches, or "" when there is none. */
  private static String text(WebDriver page, String css) {
    Object text =
        ((JavascriptExecutor) page)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
    return String.valueOf(text);
  }

  private static String buildStatus(WebDriver page) {
    return page.findElement(By.id("build-status")).getDomAttribute("data-status");
  }

  /** The browser, started on first use; the browser tests are skipped where Chromium is absent. */
  private WebDriver browser() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium is not installed: apt-get install -y chromium chromium-driver to run the web UI"
            + " tests");
    if (browser == null) {
      profile = Files.createTempDirectory("phoenix-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-dev-shm-usage",
          "--window-size=1400,1000",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      browser = new ChromeDriver(service, options);
    }
    return browser;
  }

  /** A full-page screenshot under target/web-ui (the window grows to the page's height first). */
  private Path screenshot(WebDriver page, String name) throws Exception {
    Object height =
        ((JavascriptExecutor) page).executeScript("return document.documentElement.scrollHeight");
    page.manage()
        .window()
        .setSize(
            new org.openqa.selenium.Dimension(
                1400, Math.min(4000, ((Number) height).intValue() + 20)));
    byte[] png = ((TakesScreenshot) page).getScreenshotAs(OutputType.BYTES);
    Path file = artefacts.resolve(name);
    Files.write(file, png);
    page.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
    return file;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    return Envelopes.json().readTree(response.body());
  }
}
