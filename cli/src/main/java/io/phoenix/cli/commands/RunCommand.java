package io.phoenix.cli.commands;

import io.phoenix.cli.runtime.Services;
import io.phoenix.cli.runtime.WorldFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code phoenix run <service>}: one service as its own process, joining the world described by a
 * world file (or the given Kafka). This is how agents scale: start more of them.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one service in this process; extra --spring.property=value pass through.")
public final class RunCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "SERVICE",
      description = "orchestrator, proxmox-agent, pki-agent or service-agent")
  String service;

  @Option(
      names = "--world",
      paramLabel = "FILE",
      description = "world file to join (default: ${DEFAULT-VALUE} when it exists)",
      defaultValue = ".phoenix/world.properties")
  Path worldFile;

  @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap address")
  String kafka;

  @Unmatched List<String> springArgs;

  @Override
  public Integer call() throws InterruptedException {
    Services chosen = Services.byName(service);
    Map<String, String> props = new LinkedHashMap<>(WorldFile.read(worldFile));
    String env = System.getenv("PHOENIX_KAFKA");
    if (kafka != null) {
      props.put(WorldFile.KAFKA, kafka);
    } else if (env != null && !env.isBlank()) {
      props.put(WorldFile.KAFKA, env);
    }
    props.putIfAbsent("server.port", "0");
    String[] extra = springArgs == null ? new String[0] : springArgs.toArray(String[]::new);
    ConfigurableApplicationContext context = chosen.start(props, extra);
    CountDownLatch closed = new CountDownLatch(1);
    context.addApplicationListener(
        (org.springframework.context.ApplicationListener<ContextClosedEvent>)
            e -> closed.countDown());
    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "phoenix-run-shutdown"));
    closed.await();
    return 0;
  }
}
