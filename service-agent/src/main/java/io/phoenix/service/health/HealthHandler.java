package io.phoenix.service.health;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.HealthCheck;
import io.phoenix.service.exec.ExecException;
import io.phoenix.service.exec.ExecProgress;
import io.phoenix.service.exec.ExecRequest;
import io.phoenix.service.exec.ExecResult;
import io.phoenix.service.exec.GuestExec;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.params.TemplateGuard;
import io.phoenix.service.scripts.StepAbort;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Action {@code health} ({@code <g>/health}): the guest's health check command passes, retried
 * every few seconds until its timeout. Observes only, so it answers {@code noop}.
 */
@Component
public class HealthHandler implements StepHandler {

  private static final Duration ATTEMPT_DEADLINE = Duration.ofSeconds(30);
  private static final Duration PAUSE = Duration.ofSeconds(3);

  private final GuestExec exec;
  private final JsonMapper json;

  public HealthHandler(GuestExec exec, JsonMapper json) {
    this.exec = exec;
    this.json = json;
  }

  @Override
  public Set<String> actions() {
    return Set.of("health");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) throws Exception {
    long started = System.nanoTime();
    try {
      StepParams params = StepParams.of(command, json);
      Optional<StepSucceeded> template = TemplateGuard.endState(exec, params, "health");
      if (template.isPresent()) {
        return template.get();
      }
      HealthCheck check = healthCheck(command.params(), params);
      if (check == null || check.command() == null || check.command().isBlank()) {
        return new StepSucceeded(
            Outcome.NOOP, List.of(), Map.of("health", "no health check declared"), 0);
      }
      if (command.dryRun()) {
        return new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), 0);
      }
      Duration timeout = timeout(check.timeout());
      long deadline = started + timeout.toNanos();
      ExecResult last = null;
      int attempt = 0;
      while (true) {
        attempt++;
        try {
          last =
              exec.run(
                  params.ref(),
                  new ExecRequest(List.of("bash", "-c", check.command()), null, ATTEMPT_DEADLINE),
                  ExecProgress.none());
          if (last.succeeded()) {
            return new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), millis(started));
          }
        } catch (ExecException e) {
          if (!e.retryable() || System.nanoTime() + PAUSE.toNanos() >= deadline) {
            throw StepAbort.of(e, Map.of("guest", Integer.toString(command.guest())));
          }
        }
        if (System.nanoTime() + PAUSE.toNanos() >= deadline) {
          break;
        }
        context.progress("health check attempt " + attempt + " failed; retrying", null);
        Thread.sleep(PAUSE.toMillis());
      }
      return new StepFailed(
          "HEALTH_CHECK_FAILED",
          "guest "
              + command.guest()
              + " is not healthy after "
              + timeout.toSeconds()
              + " s: '"
              + check.command()
              + "' exited "
              + last.exitCode(),
          true,
          Map.of(
              "guest", Integer.toString(command.guest()),
              "exitCode", Integer.toString(last.exitCode()),
              "stderrTail", last.stderrTail(20),
              "attempts", Integer.toString(attempt)));
    } catch (StepAbort abort) {
      return abort.outcome();
    }
  }

  private HealthCheck healthCheck(JsonNode params, StepParams parsed) throws StepAbort {
    JsonNode node = params.path("healthCheck");
    if (node.isMissingNode() || node.isNull()) {
      return parsed.guest().healthCheck();
    }
    try {
      return json.treeToValue(node, HealthCheck.class);
    } catch (JacksonException e) {
      throw StepAbort.invalid("params.healthCheck is not valid: " + e.getOriginalMessage());
    }
  }

  /** {@code 60s}, {@code 5m}, {@code 90} (seconds) or ISO-8601; default 60 s. */
  static Duration timeout(String text) throws StepAbort {
    if (text == null || text.isBlank()) {
      return Duration.ofSeconds(60);
    }
    String t = text.trim();
    try {
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      if (t.matches("\\d+[smh]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      return Duration.parse(t);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw StepAbort.invalid(
          "params.healthCheck.timeout must look like 60s, 5m or PT1M, got '" + text + "'");
    }
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
