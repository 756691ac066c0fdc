package io.phoenix.cli.replay;

import io.phoenix.cli.client.CliException;
import io.phoenix.cli.commands.ConnectionOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix export}: a build's events as JSON lines (one CloudEvent per line, in log order),
 * for {@code phoenix replay --file} or for sharing: the event log holds no secret.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write a build's events as JSON lines, one CloudEvent per line, in log order.")
public final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "BUILD_ID", description = "the build to export")
  String buildId;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write to this file instead of standard output")
  Path output;

  public ExportCommand() {
    // picocli fills the fields
  }

  @Override
  public Integer call() {
    try {
      BuildLog log = BuildLog.fromKafka(connection, buildId);
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        log.writeTo(out);
      } else {
        try (Writer file = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
          log.writeTo(file);
        }
        spec.commandLine()
            .getErr()
            .println("wrote " + log.events().size() + " events of " + buildId + " to " + output);
      }
      return 0;
    } catch (CliException e) {
      spec.commandLine().getErr().println("phoenix: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("phoenix: cannot write " + output + ": " + e.getMessage());
      return 1;
    }
  }
}
