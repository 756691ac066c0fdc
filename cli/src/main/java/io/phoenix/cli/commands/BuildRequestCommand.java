package io.phoenix.cli.commands;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.follow.ConsoleRenderer;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.EventTypes;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shared by {@code create} and {@code destroy}: send a request, then follow the build. */
public abstract class BuildRequestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "ID", arity = "1..*", description = "guest ids, e.g. 900 103 101")
  List<Integer> guests;

  @Option(names = "--dry-run", description = "agents only observe and report what they would do")
  boolean dryRun;

  @Option(names = "--no-follow", description = "print the build id and return at once")
  boolean noFollow;

  @Option(names = "--plain", description = "one line per event, even on a terminal")
  boolean plain;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "give up following after this long (ISO-8601 or e.g. 30m; default 60m)",
      defaultValue = "60m",
      converter = DurationConverter.class)
  Duration timeout;

  abstract String action();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (BuildClient client = new BuildClient(connection.kafka(), connection.topics())) {
      client.fromEnd();
      String requestId = BuildClient.newRequestId();
      client.send(new BuildRequest(requestId, action(), guests, dryRun));
      CloudEvent accepted = client.awaitAccepted(requestId, Duration.ofSeconds(60));
      if (noFollow) {
        out.println(accepted.buildid());
        return 0;
      }
      return follow(client, accepted, out, !plain && System.console() != null, timeout);
    }
  }

  /** Follows {@code accepted}'s build to its end; 0 when it succeeded. */
  public static int follow(
      BuildClient client, CloudEvent accepted, PrintWriter out, boolean live, Duration timeout) {
    ConsoleRenderer renderer = new ConsoleRenderer(out, live, Clock.systemUTC());
    renderer.onEvent(accepted);
    CloudEvent end = client.follow(accepted.buildid(), renderer::onEvent, timeout);
    renderer.finish();
    return EventTypes.BUILD_SUCCEEDED.equals(end.type()) ? 0 : 1;
  }
}
