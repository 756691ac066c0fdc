package io.phoenix.cli.lab;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.client.CliException;
import io.phoenix.cli.commands.BuildRequestCommand;
import io.phoenix.cli.commands.DurationConverter;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Topics;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.NetworkInterface;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phoenix lab demo}: the lab, then {@code create 900 103 101 102} in it through {@code
 * phoenix.build.requests}; after {@code BUILD SUCCEEDED} it prints the gateway's address and a file
 * holding the root certificate copied out of the CA guest, and stays up until Ctrl-C or SIGTERM so
 * that {@code curl --cacert <root> https://<gateway>/} can be tried.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start the lab and build 900 103 101 102 in it; print the gateway's address and the CA"
            + " root copied out of 103, then stay up until Ctrl-C.")
public final class LabDemoCommand implements Callable<Integer> {

  /** The guests the lab demo builds: the template, the CA, the gateway, the mesh. */
  static final List<Integer> GUESTS = List.of(900, 103, 101, 102);

  /** Where step-ca keeps its root in the CA guest (the step_ca feature's STEPPATH). */
  static final String CA_ROOT = "/etc/step-ca/certs/root_ca.crt";

  @Spec CommandSpec spec;

  @Mixin LabOptions options;

  @Option(names = "--plain", description = "one line per event, even on a terminal")
  boolean plain;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "give up after this long (default: ${DEFAULT-VALUE})",
      defaultValue = "60m",
      converter = DurationConverter.class)
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    Optional<Integer> refused = LabCommand.refuse(spec);
    if (refused.isPresent()) {
      return refused.get();
    }
    PrintWriter out = spec.commandLine().getOut();
    Inventory inventory = options.loadInventory();
    out.println("Starting the lab (the first start makes a Debian rootfs: a few minutes)...");
    out.flush();
    LabWorld world = LabWorld.start(options.toOptions(inventory));
    CountDownLatch stopped = LabCommand.stopOnShutdown(world, options.keep);
    LabReport.printAddresses(out, world, options.worldFile);
    out.println("Requesting: create " + GUESTS);
    out.flush();
    int result;
    try (BuildClient client = new BuildClient(world.kafkaBootstrap(), Topics.defaults())) {
      client.fromEnd();
      String requestId = BuildClient.newRequestId();
      client.send(new BuildRequest(requestId, BuildRequest.CREATE, GUESTS, false));
      CloudEvent accepted = client.awaitAccepted(requestId, Duration.ofSeconds(120));
      result =
          BuildRequestCommand.follow(
              client, accepted, out, !plain && System.console() != null, timeout);
    }
    LabReport.printWorld(out, world);
    if (result != 0) {
      // The shutdown hook stops the lab (or keeps it with --keep, to look inside the guests).
      out.flush();
      return result;
    }
    out.println("gateway: https://" + gatewayAddress(inventory));
    out.println("root: " + copyRoot(world, inventory));
    out.println("up until Ctrl-C" + (options.keep ? "" : " (which removes the lab)"));
    out.flush();
    stopped.await();
    return 0;
  }

  /** The static address of the guest that runs nginx (101 in the seed inventory). */
  static String gatewayAddress(Inventory inventory) {
    return inventory.guests().stream()
        .filter(g -> g.features().contains("nginx"))
        .flatMap(g -> g.network().stream())
        .filter(n -> !n.isDhcp())
        .map(NetworkInterface::address)
        .findFirst()
        .orElseThrow(
            () -> new CliException("the inventory has no nginx guest with a static address"));
  }

  /** Copies the CA guest's root certificate out of it, into the lab's data directory. */
  static Path copyRoot(LabWorld world, Inventory inventory) {
    int ca =
        Optional.ofNullable(inventory.ca())
            .map(c -> c.guest())
            .orElseThrow(() -> new CliException("the inventory has no ca section"));
    byte[] root =
        world
            .lab()
            .world()
            .readFile(ca, CA_ROOT)
            .orElseThrow(() -> new CliException("CT " + ca + " has no " + CA_ROOT));
    Path file = world.lab().directory().root().resolve("root_ca.crt");
    try {
      Files.write(file, root);
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
    return file;
  }
}
