package io.phoenix.service.certs;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.service.exec.GuestExec;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.params.TemplateGuard;
import io.phoenix.service.pem.Pem;
import io.phoenix.service.scripts.RenderedScript;
import io.phoenix.service.scripts.ScriptRunner;
import io.phoenix.service.scripts.StepAbort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Action {@code cert} ({@code <g>/cert/<cert>}): installs the signed chain (input {@code chain}) at
 * the certificate's path after the guest checked it belongs to its key, and reloads the service if
 * it runs. Idempotent on the chain: the same chain already in place is {@code noop}.
 */
@Component
public class CertHandler implements StepHandler {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private final GuestExec exec;
  private final JsonMapper json;

  public CertHandler(GuestExec exec, JsonMapper json) {
    this.exec = exec;
    this.json = json;
  }

  @Override
  public Set<String> actions() {
    return Set.of("cert");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) throws Exception {
    long started = System.nanoTime();
    try {
      StepParams params = StepParams.of(command, json);
      CertificateSpec spec = CertificateScripts.spec(command.params(), json);
      Optional<StepSucceeded> template =
          TemplateGuard.endState(exec, params, "cert " + spec.name());
      if (template.isPresent()) {
        return template.get();
      }
      String raw = command.inputs().get("chain");
      if (raw == null || raw.isBlank()) {
        throw StepAbort.invalid("inputs.chain is missing: the sign step's output");
      }
      String chain = Pem.requireCertificates("inputs.chain", raw);
      RenderedScript script = CertificateScripts.install(spec, chain);
      ScriptRunner guest =
          new ScriptRunner(exec, params.ref(), context, Map.of("certificate", spec.name()));
      Optional<String> installed =
          guest.read(spec.certPath()).map(b -> new String(b, StandardCharsets.UTF_8));
      if (installed.isPresent() && installed.get().equals(chain)) {
        return new StepSucceeded(Outcome.NOOP, List.of(), Map.of(), millis(started));
      }
      Outcome outcome = installed.isEmpty() ? Outcome.CREATED : Outcome.UPDATED;
      if (command.dryRun()) {
        return new StepSucceeded(
            outcome == Outcome.CREATED ? Outcome.WOULD_CREATE : Outcome.WOULD_UPDATE,
            List.of("certificate " + spec.certPath()),
            Map.of(),
            millis(started));
      }
      guest.stage(script);
      guest.runOrFail(script, "apply", DEADLINE);
      String notAfter =
          Pem.firstCertificate("inputs.chain", chain).getNotAfter().toInstant().toString();
      return new StepSucceeded(
          outcome,
          List.of("certificate " + spec.certPath() + " (valid until " + notAfter + ")"),
          Map.of(),
          millis(started));
    } catch (StepAbort abort) {
      return abort.outcome();
    }
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
