package io.phoenix.cli.commands;

import io.phoenix.cli.runtime.SimulatedHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix sim}: the simulated Proxmox world alone, for any client to talk to. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Run the simulated Proxmox VE host (API under /api2/json, control under /_sim).")
public final class SimCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "API port (default: any free port)")
  int port;

  @Option(
      names = "--speed",
      paramLabel = "FACTOR",
      description = "multiplies simulated task durations (default: ${DEFAULT-VALUE})",
      defaultValue = "0.05")
  double speed;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "where credential files go (default: ${DEFAULT-VALUE})",
      defaultValue = ".phoenix/sim")
  Path stateDir;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SimulatedHost host = SimulatedHost.start(stateDir, speed, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.close();
                  stopped.countDown();
                },
                "phoenix-sim-shutdown"));
    out.println("proxmox: " + host.pve().baseUri());
    out.println("token: " + host.pve().apiToken());
    out.println("fingerprint: " + host.pve().certificateSha256());
    host.addresses()
        .forEach(
            (k, v) -> {
              if (!k.equals("proxmox")) {
                out.println(k + ": " + v);
              }
            });
    out.flush();
    stopped.await();
    return 0;
  }
}
