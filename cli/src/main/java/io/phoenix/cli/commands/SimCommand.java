package io.phoenix.cli.commands;

import io.phoenix.cli.runtime.SimulatedHost;
import io.phoenix.cli.runtime.WorldFile;
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

  @Option(
      names = "--ca-port",
      paramLabel = "N",
      description = "the CA's port (default: any free port)")
  int caPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container)",
      defaultValue = "127.0.0.1")
  String bind;

  @Option(
      names = "--advertise",
      paramLabel = "HOST",
      description = "host name services use to reach it (default: ${DEFAULT-VALUE})",
      defaultValue = "127.0.0.1")
  String advertise;

  @Option(
      names = "--world-file",
      paramLabel = "FILE",
      description = "also write the services' settings for this world here (e.g. for compose)")
  Path worldFile;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    SimulatedHost host =
        SimulatedHost.start(
            new SimulatedHost.Options(
                stateDir.toAbsolutePath(), speed, port, caPort, bind, advertise));
    if (worldFile != null) {
      WorldFile.write(worldFile, host.serviceProperties());
    }
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
