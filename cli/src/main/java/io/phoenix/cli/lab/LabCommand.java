package io.phoenix.cli.lab;

import io.phoenix.cli.client.CliException;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.simulator.lab.LabException;
import io.phoenix.simulator.lab.LabHost;
import io.phoenix.simulator.lab.Preconditions;
import java.io.PrintWriter;
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
 * {@code phoenix lab}: broker, services and the lab host in one process until Ctrl-C or SIGTERM,
 * which remove the lab's containers, bridges and nftables table; {@code --cleanup} removes what a
 * killed lab left.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    subcommands = LabDemoCommand.class,
    description = {
      "Start Kafka, the services and a lab host: the Proxmox API with the LXC guests as real LXC"
          + " containers on this machine (root, Debian's lxc, debootstrap, nftables); QEMU guests"
          + " stay simulated. Stay up until Ctrl-C.",
      "'lab demo' builds 900 103 101 102 in it; 'lab --cleanup' removes what a killed lab left."
    })
public final class LabCommand implements Callable<Integer> {

  /** The exit code when this machine cannot run the lab. */
  static final int CANNOT_RUN_HERE = 2;

  @Spec CommandSpec spec;

  @Mixin LabOptions options;

  @Option(
      names = "--cleanup",
      description = "remove the containers, bridges and nftables table a lab left, then exit")
  boolean cleanup;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Integer> refused = refuse(spec);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (cleanup) {
      List<String> removed;
      try {
        removed = LabHost.cleanup(options.directory());
      } catch (LabException e) {
        throw new CliException("lab cleanup: " + e.getMessage());
      }
      removed.forEach(r -> out.println("removed " + r));
      out.println(removed.isEmpty() ? "nothing to clean up" : "lab cleaned up");
      return 0;
    }
    Inventory inventory = options.loadInventory();
    out.println("Starting the lab (the first start makes a Debian rootfs: a few minutes)...");
    out.flush();
    LabWorld world = LabWorld.start(options.toOptions(inventory));
    CountDownLatch stopped = stopOnShutdown(world, options.keep);
    LabReport.printAddresses(out, world, options.worldFile);
    out.println("ready (Ctrl-C to stop" + (options.keep ? ")" : " and remove the lab)"));
    out.flush();
    stopped.await();
    return 0;
  }

  /** One line and exit 2 when this machine cannot run the lab. */
  static Optional<Integer> refuse(CommandSpec spec) {
    Optional<String> problem = Preconditions.problem();
    if (problem.isEmpty()) {
      return Optional.empty();
    }
    spec.commandLine().getErr().println("phoenix lab: " + problem.get());
    return Optional.of(CANNOT_RUN_HERE);
  }

  /**
   * Closes {@code world} when the JVM is asked to stop (Ctrl-C, SIGTERM), keeping the lab's
   * containers and network when {@code keep}; the latch opens once it is closed.
   */
  static CountDownLatch stopOnShutdown(LabWorld world, boolean keep) {
    CountDownLatch stopped = new CountDownLatch(1);
    if (keep) {
      world.lab().keep();
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  world.close();
                  stopped.countDown();
                },
                "phoenix-lab-shutdown"));
    return stopped;
  }
}
