package io.phoenix.cli.replay;

import io.phoenix.cli.client.CliException;
import io.phoenix.cli.commands.ConnectionOptions;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.MalformedRecordException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix replay}: a build's timeline, critical path and (when it failed) root cause, read
 * from the event log or an export file; {@code --verify} re-runs the orchestrator's decisions over
 * it. See {@code docs/replay.md}.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a build's events: its timeline, the critical path taken versus the planned one,"
          + " and for a failed build the root cause and what it blocked.",
      "Exit 0, or with --verify 1 when today's orchestrator decides differently."
    })
public final class ReplayCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin SagaOptions saga;

  @Parameters(
      arity = "0..1",
      paramLabel = "BUILD_ID",
      description = "the build (optional with --file when the file holds one build)")
  String buildId;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "read the events from a 'phoenix export' file instead of Kafka")
  Path file;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "show the state at this moment: an ISO-8601 instant or +90s after acceptance")
  String at;

  @Option(
      names = "--verify",
      description = "re-run the orchestrator's decisions over the events and report divergences")
  boolean verify;

  @Option(names = "--json", description = "machine-readable output")
  boolean json;

  public ReplayCommand() {
    // picocli fills the fields
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      return replay(out);
    } catch (CliException e) {
      spec.commandLine().getErr().println("phoenix: " + e.getMessage());
      return 1;
    } catch (MalformedRecordException e) {
      // Only from Kafka: a file's lines are all checked while it is read.
      spec.commandLine()
          .getErr()
          .println("phoenix: the build's events hold one that cannot be read: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
    }
  }

  private int replay(PrintWriter out) {
    if (buildId == null && file == null) {
      throw new CliException("name a build (phoenix replay <buildId>) or a file (--file FILE)");
    }
    BuildLog log =
        file != null ? BuildLog.fromFile(file, buildId) : BuildLog.fromKafka(connection, buildId);
    Timeline whole = Timeline.of(log, null);
    Instant moment = null;
    if (at != null) {
      if (whole.acceptedAt() == null) {
        throw new CliException("build " + log.buildId() + " has no accepted event to count from");
      }
      moment = Durations.moment(at, whole.acceptedAt());
      if (moment == null) {
        throw new CliException(
            "--at '"
                + at
                + "' is not a moment: give an ISO-8601 instant (2026-01-01T10:00:30Z) or an offset"
                + " from acceptance (+90s, +2m)");
      }
      if (moment.isBefore(whole.acceptedAt())) {
        throw new CliException(
            "--at "
                + moment
                + " is before build "
                + log.buildId()
                + " was accepted at "
                + whole.acceptedAt());
      }
    }
    Timeline timeline = moment == null ? whole : Timeline.of(log, moment);
    CriticalPath path = CriticalPath.of(timeline);
    Diagnosis diagnosis = Diagnosis.of(timeline);
    Verifier.Report report = verify ? verify(log) : null;
    if (json) {
      out.println(
          Envelopes.json()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(
                  JsonReport.of(timeline, path, diagnosis, report, saga.describe())));
    } else {
      TextReport.print(out, timeline, path, diagnosis);
      if (report != null) {
        printVerify(out, report);
      }
    }
    return report == null || report.divergences().isEmpty() ? 0 : 1;
  }

  private Verifier.Report verify(BuildLog log) {
    try {
      saga.sagaFor("/phoenix/orchestrator/check"); // fails early on settings the saga refuses
    } catch (IllegalArgumentException e) {
      throw new CliException("bad --verify settings: " + e.getMessage());
    }
    return new Verifier(saga::sagaFor).verify(log);
  }

  private void printVerify(PrintWriter out, Verifier.Report report) {
    out.println();
    out.println("verify: today's saga over " + report.inputs() + " recorded inputs");
    out.println("  settings: " + saga.describe());
    if (saga.defaults()) {
      out.println(
          "  (these must be the recorded orchestrator's; pass --max-parallel, --start-timeout, ..."
              + " when it ran with others)");
    }
    if (report.divergences().isEmpty()) {
      out.println("  no divergence: " + report.checked() + " recorded decisions match");
      return;
    }
    out.println(
        "  "
            + report.divergences().size()
            + " divergence(s) ("
            + report.checked()
            + " recorded decisions match):");
    for (Verifier.Divergence d : report.divergences()) {
      out.println(
          "  " + (d.line() > 0 ? "event " + d.line() + ": " : "end of log: ") + d.message());
    }
  }
}
