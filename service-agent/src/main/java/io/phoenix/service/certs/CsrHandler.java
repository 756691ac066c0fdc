package io.phoenix.service.certs;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.agent.StepHandler;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.contract.StepFailed;
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
 * Action {@code csr} ({@code <g>/csr/<cert>}): a private key generated inside the guest (mode 600,
 * owned by the certificate's owner; it never leaves the guest) and a CSR for the certificate's
 * names, output as {@code csr}. Idempotent: an existing key is kept, and an unchanged request is
 * answered {@code noop} with the CSR already there.
 */
@Component
public class CsrHandler implements StepHandler {

  private static final Duration DEADLINE = Duration.ofMinutes(2);

  private final GuestExec exec;
  private final JsonMapper json;

  public CsrHandler(GuestExec exec, JsonMapper json) {
    this.exec = exec;
    this.json = json;
  }

  @Override
  public Set<String> actions() {
    return Set.of("csr");
  }

  @Override
  public StepOutcome handle(StepCommand command, StepContext context) throws Exception {
    long started = System.nanoTime();
    try {
      StepParams params = StepParams.of(command, json);
      CertificateSpec spec = CertificateScripts.spec(command.params(), json);
      Optional<StepSucceeded> template = TemplateGuard.endState(exec, params, "csr " + spec.name());
      if (template.isPresent()) {
        return template.get();
      }
      RenderedScript script = CertificateScripts.csr(spec);
      ScriptRunner guest =
          new ScriptRunner(exec, params.ref(), context, Map.of("certificate", spec.name()));
      Optional<String> stamp = guest.stamp(script);
      Optional<String> existing = readCsr(guest, spec);
      boolean same = stamp.map(script.digest()::equals).orElse(false) && existing.isPresent();
      if (same) {
        return succeeded(Outcome.NOOP, existing.get(), started);
      }
      if (command.dryRun()) {
        return new StepSucceeded(
            stamp.isEmpty() ? Outcome.WOULD_CREATE : Outcome.WOULD_UPDATE,
            List.of("csr " + spec.name()),
            Map.of(),
            millis(started));
      }
      guest.stage(script);
      guest.runOrFail(script, "apply", DEADLINE);
      String csr =
          readCsr(guest, spec)
              .orElseThrow(
                  () ->
                      new StepAbort(
                          new StepFailed(
                              "CSR_MISSING",
                              "the csr script ran but wrote no CSR at "
                                  + CertificateScripts.csrPath(spec),
                              true,
                              Map.of("guest", Integer.toString(command.guest())))));
      guest.writeStamp(script);
      return succeeded(stamp.isEmpty() ? Outcome.CREATED : Outcome.UPDATED, csr, started);
    } catch (StepAbort abort) {
      return abort.outcome();
    }
  }

  private static Optional<String> readCsr(ScriptRunner guest, CertificateSpec spec)
      throws StepAbort, InterruptedException {
    Optional<String> text =
        guest
            .read(CertificateScripts.csrPath(spec))
            .map(b -> new String(b, StandardCharsets.UTF_8));
    if (text.isEmpty() || !text.get().contains("-----BEGIN CERTIFICATE REQUEST-----")) {
      return Optional.empty();
    }
    if (Pem.hasPrivateKey(text.get())) {
      // Defence in depth: a CSR file that holds a key would put it on Kafka.
      throw new StepAbort(
          new StepFailed(
              "KEY_IN_CSR",
              "the CSR file "
                  + CertificateScripts.csrPath(spec)
                  + " holds a private key; refusing to send it",
              false,
              Map.of()));
    }
    return text;
  }

  private static StepSucceeded succeeded(Outcome outcome, String csr, long started) {
    return new StepSucceeded(
        outcome,
        outcome == Outcome.NOOP ? List.of() : List.of("csr: key and request in the guest"),
        Map.of("csr", csr),
        millis(started));
  }

  private static long millis(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
