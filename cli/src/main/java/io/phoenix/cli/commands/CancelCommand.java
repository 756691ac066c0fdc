package io.phoenix.cli.commands;

import io.phoenix.cli.client.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code phoenix cancel <buildId>}: no new dispatches; running steps finish. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a build: nothing new starts, running steps finish.")
public final class CancelCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "BUILD_ID")
  String buildId;

  @Option(
      names = "--orchestrator",
      paramLabel = "URL",
      description = "orchestrator base URL (default: $PHOENIX_ORCHESTRATOR, else the world file's)")
  String orchestrator;

  @Override
  public Integer call() throws InterruptedException {
    String base = connection.orchestrator(orchestrator);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/builds/" + buildId + "/cancel"))
            .timeout(Duration.ofSeconds(15))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException("cannot reach the orchestrator at " + base + ": " + e.getMessage());
    }
    if (response.statusCode() / 100 != 2) {
      throw new CliException(
          "the orchestrator refused to cancel "
              + buildId
              + " (HTTP "
              + response.statusCode()
              + "): "
              + response.body());
    }
    spec.commandLine().getOut().println("cancelling " + buildId);
    return 0;
  }
}
