package io.phoenix.cli.commands;

import io.phoenix.cli.runtime.EmbeddedWorld;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code phoenix up}: broker, simulated host and services in one process, until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start Kafka, the simulated Proxmox world and the services; stay up until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin WorldOptions world;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    EmbeddedWorld running = EmbeddedWorld.start(world.toOptions());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "phoenix-up-shutdown"));
    for (Map.Entry<String, String> address : running.addresses().entrySet()) {
      out.println(address.getKey() + ": " + address.getValue());
    }
    out.println("world: " + world.worldFile.toAbsolutePath());
    out.println("ready (Ctrl-C to stop)");
    out.flush();
    stopped.await();
    return 0;
  }
}
