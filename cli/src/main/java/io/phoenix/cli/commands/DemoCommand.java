package io.phoenix.cli.commands;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.runtime.EmbeddedWorld;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix demo}: the reference build {@code 900 103 101 102 9000 1001 1002} against the
 * simulated world, requested through {@code phoenix.build.requests} exactly as an external client
 * would.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start a simulated world and build the seven seed guests in it.")
public final class DemoCommand implements Callable<Integer> {

  /** The reference build of the original tool. */
  public static final List<Integer> SEED = List.of(900, 103, 101, 102, 9000, 1001, 1002);

  @Spec CommandSpec spec;

  @Mixin WorldOptions world;

  @Option(names = "--plain", description = "one line per event, even on a terminal")
  boolean plain;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "give up after this long (default: ${DEFAULT-VALUE})",
      defaultValue = "30m",
      converter = DurationConverter.class)
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting Kafka, the simulated Proxmox host and the four services...");
    out.flush();
    try (EmbeddedWorld running = EmbeddedWorld.start(world.toOptions())) {
      running.addresses().forEach((k, v) -> out.println(k + ": " + v));
      out.println("Requesting: create " + SEED);
      out.flush();
      try (BuildClient client = new BuildClient(running.kafkaBootstrap(), Topics.defaults())) {
        client.fromEnd();
        String requestId = BuildClient.newRequestId();
        client.send(new BuildRequest(requestId, BuildRequest.CREATE, SEED, false));
        CloudEvent accepted = client.awaitAccepted(requestId, Duration.ofSeconds(120));
        return BuildRequestCommand.follow(
            client, accepted, out, !plain && System.console() != null, timeout);
      }
    }
  }
}
