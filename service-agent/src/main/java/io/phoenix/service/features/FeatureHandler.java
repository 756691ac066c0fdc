package io.phoenix.service.features;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepFailures;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.service.exec.GuestExec;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.params.TemplateGuard;
import io.phoenix.service.scripts.RenderedScript;
import io.phoenix.service.scripts.ScriptRunner;
import io.phoenix.service.scripts.StepAbort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Action {@code feature} ({@code <g>/feature/<name>}): renders the feature's script from the
 * inventory, and converges: when the guest's stamp matches the rendered script and {@code check}
 * and {@code verify} pass, the answer is {@code noop}; otherwise {@code apply} runs, {@code verify}
 * must pass, and the stamp is written. Idempotent on the rendered script's digest. A run that
 * printed {@code phoenix-simulated: <reason>} makes the outputs carry {@code simulated}.
 */
@Component
public class FeatureHandler implements StepHandler {

  private static final Logger log = LoggerFactory.getLogger(FeatureHandler.class);

  private final GuestExec exec;
  private final JsonMapper json;
  private final FeatureProperties properties;
  private final FeatureCatalog catalog = FeatureCatalog.standard();

  public FeatureHandler(GuestExec exec, JsonMapper json, FeatureProperties properties) {
    this.exec = exec;
    this.json = json;
    this.properties = properties;
  }

  @Override
  public Set<String> actions() {
    return Set.of("feature");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) throws Exception {
    long started = System.nanoTime();
    try {
      return converge(command, context, started);
    } catch (StepAbort abort) {
      return abort.outcome();
    }
  }

  private StepOutcome converge(StepCommand command, StepContext context, long started)
      throws StepAbort, InterruptedException {
    StepParams params = StepParams.of(command, json);
    String name = params.params().text("feature", command.detail());
    if (name == null) {
      throw StepAbort.invalid("params.feature is missing: which feature to apply");
    }
    Optional<Feature> found = catalog.feature(name);
    if (found.isEmpty()) {
      return StepFailures.permanent(
          StepFailures.UNSUPPORTED,
          "unknown feature '" + name + "'; the service agent knows " + catalog.names());
    }
    Feature feature = found.get();
    Optional<StepSucceeded> template = TemplateGuard.endState(exec, params, "feature " + name);
    if (template.isPresent()) {
      return template.get();
    }
    FeatureRequest request =
        new FeatureRequest(
            params.guest(), params.params().child("settings"), params.params(), command.inputs());
    RenderedScript script = catalog.render(feature, request);
    ScriptRunner guest = new ScriptRunner(exec, params.ref(), context, Map.of("feature", name));

    Optional<String> stamp = guest.stamp(script);
    boolean sameScript = stamp.map(script.digest()::equals).orElse(false);
    if (command.dryRun()) {
      Outcome outcome =
          sameScript ? Outcome.NOOP : stamp.isEmpty() ? Outcome.WOULD_CREATE : Outcome.WOULD_UPDATE;
      return new StepSucceeded(outcome, changes(name, outcome), Map.of(), millisSince(started));
    }
    guest.stage(script);
    if (sameScript
        && guest.run(script, "check", properties.checkDeadline()).succeeded()
        && guest.run(script, "verify", properties.verifyDeadline()).succeeded()) {
      log.info("feature {} already applied in {}", name, params.ref());
      return new StepSucceeded(
          Outcome.NOOP,
          List.of(),
          guest.withSimulated(feature.outputs(guest)),
          millisSince(started));
    }
    context.progress("feature " + name + ": applying in guest " + params.guest().id(), null);
    guest.runOrFail(script, "apply", properties.applyDeadline());
    guest.runOrFail(script, "verify", properties.verifyDeadline());
    guest.writeStamp(script);
    Outcome outcome = stamp.isEmpty() ? Outcome.CREATED : Outcome.UPDATED;
    log.info("feature {} {} in {}", name, outcome, params.ref());
    return new StepSucceeded(
        outcome,
        changes(name, outcome),
        guest.withSimulated(feature.outputs(guest)),
        millisSince(started));
  }

  private static List<String> changes(String name, Outcome outcome) {
    return switch (outcome) {
      case NOOP -> List.of();
      case CREATED, WOULD_CREATE -> List.of("feature " + name + ": applied");
      case UPDATED, WOULD_UPDATE -> List.of("feature " + name + ": settings changed, re-applied");
    };
  }

  static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
