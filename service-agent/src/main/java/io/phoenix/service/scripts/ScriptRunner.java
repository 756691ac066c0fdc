package io.phoenix.service.scripts;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.contract.Simulated;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.service.exec.ExecException;
import io.phoenix.service.exec.ExecRequest;
import io.phoenix.service.exec.ExecResult;
import io.phoenix.service.exec.GuestExec;
import io.phoenix.service.exec.GuestRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stages a {@link RenderedScript} in a guest and runs it in a mode ({@code check}, {@code apply},
 * {@code verify}); turns a failed run into a {@link StepAbort} that names the guest, the script,
 * the exit code and the tail of standard error. Remembers whether any run said it was simulated
 * ({@link Simulated}: a {@code phoenix-simulated: <reason>} line on standard output).
 */
public final class ScriptRunner {

  private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);

  /** Exit code by which a script says its settings or preconditions are wrong (not retryable). */
  public static final int EXIT_BAD_SETTINGS = 2;

  static final int STDERR_LINES = 20;

  private final GuestExec exec;
  private final GuestRef guest;
  private final StepContext context;
  private final Map<String, String> details;
  private String simulated;

  /**
   * @param details facts every failure of this step carries (e.g. {@code feature})
   */
  public ScriptRunner(
      GuestExec exec, GuestRef guest, StepContext context, Map<String, String> details) {
    this.exec = exec;
    this.guest = guest;
    this.context = context;
    this.details = Map.copyOf(details);
  }

  public GuestRef guest() {
    return guest;
  }

  /** Writes the script and its files into its staging directory. */
  public void stage(RenderedScript script) throws StepAbort, InterruptedException {
    try {
      for (Map.Entry<String, byte[]> file : script.files().entrySet()) {
        exec.writeFile(guest, script.stageDir() + "/" + file.getKey(), file.getValue());
      }
      exec.writeFile(guest, script.path(), script.text().getBytes(StandardCharsets.UTF_8));
    } catch (ExecException e) {
      throw StepAbort.of(e, failureDetails(script, "stage"));
    }
  }

  /** The digest the last successful run left, if any. */
  public Optional<String> stamp(RenderedScript script) throws StepAbort, InterruptedException {
    return read(script.stampPath()).map(b -> new String(b, StandardCharsets.UTF_8).trim());
  }

  /** Records that {@code script} converged. */
  public void writeStamp(RenderedScript script) throws StepAbort, InterruptedException {
    write(script.stampPath(), (script.digest() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public Optional<byte[]> read(String path) throws StepAbort, InterruptedException {
    try {
      return exec.readFile(guest, path);
    } catch (ExecException e) {
      throw StepAbort.of(e, withPath(path));
    }
  }

  public void write(String path, byte[] content) throws StepAbort, InterruptedException {
    try {
      exec.writeFile(guest, path, content);
    } catch (ExecException e) {
      throw StepAbort.of(e, withPath(path));
    }
  }

  /** Runs the staged script in {@code mode}; the result whatever its exit code. */
  public ExecResult run(RenderedScript script, String mode, Duration deadline)
      throws StepAbort, InterruptedException {
    ExecRequest request = new ExecRequest(List.of("bash", script.path(), mode), null, deadline);
    try {
      ExecResult result =
          exec.run(
              guest,
              request,
              elapsed ->
                  context.progress(
                      script.title()
                          + ": "
                          + mode
                          + " still running after "
                          + elapsed.toSeconds()
                          + " s",
                      null));
      log.debug("{} {} in {} exited {}", script.title(), mode, guest, result.exitCode());
      Optional<String> reason = Simulated.reasonIn(result.stdoutText());
      if (reason.isPresent() && simulated == null) {
        simulated = reason.get();
        log.info("{} {} in {} was simulated: {}", script.title(), mode, guest, simulated);
      }
      return result;
    } catch (ExecException e) {
      throw StepAbort.of(e, failureDetails(script, mode));
    }
  }

  /** Why a run of this step was simulated, when one said so: never a silent success. */
  public Optional<String> simulated() {
    return Optional.ofNullable(simulated);
  }

  /** {@code outputs}, plus {@link Simulated#OUTPUT} when a run was simulated. */
  public Map<String, String> withSimulated(Map<String, String> outputs) {
    if (simulated == null) {
      return outputs;
    }
    Map<String, String> all = new LinkedHashMap<>(outputs);
    all.put(Simulated.OUTPUT, simulated);
    return all;
  }

  /** Runs the staged script in {@code mode} and fails the step unless it exits 0. */
  public ExecResult runOrFail(RenderedScript script, String mode, Duration deadline)
      throws StepAbort, InterruptedException {
    ExecResult result = run(script, mode, deadline);
    if (!result.succeeded()) {
      throw failed(script, mode, result);
    }
    return result;
  }

  /** The failure for a script run that exited non-zero. */
  public StepAbort failed(RenderedScript script, String mode, ExecResult result) {
    Map<String, String> all = failureDetails(script, mode);
    all.put("exitCode", Integer.toString(result.exitCode()));
    all.put("stderrTail", result.stderrTail(STDERR_LINES));
    all.put("stdoutTail", result.stdoutTail(5));
    String tail = result.stderrTail(1);
    return new StepAbort(
        new StepFailed(
            "EXEC_FAILED",
            script.title()
                + " "
                + mode
                + " failed in "
                + guest
                + " with exit code "
                + result.exitCode()
                + (tail.isEmpty() ? "" : ": " + tail),
            result.exitCode() != EXIT_BAD_SETTINGS,
            all));
  }

  private Map<String, String> failureDetails(RenderedScript script, String mode) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("guest", Integer.toString(guest.vmid()));
    all.put("script", script.title());
    all.put("mode", mode);
    return all;
  }

  private Map<String, String> withPath(String path) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("guest", Integer.toString(guest.vmid()));
    all.put("path", path);
    return all;
  }
}
