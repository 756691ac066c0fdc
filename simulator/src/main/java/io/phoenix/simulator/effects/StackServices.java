package io.phoenix.simulator.effects;

import io.phoenix.simulator.portainer.PortainerEmulator;
import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.World;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a stack deployed through the Portainer emulator answer inside its guest: the host ports its
 * compose file publishes ({@code "6333:6333"}, {@code "${API_PORT}:8000"} with the stack's env)
 * start listening in the guest whose address the environment's agent URL names. Wire it with {@code
 * portainer.onDeploy(StackServices.publishTo(world))}.
 */
public final class StackServices {

  private static final Pattern PORT =
      Pattern.compile(
          "(?m)^\\s*-\\s*[\"']?(?:[0-9.]+:)?(\\$\\{(\\w+)\\}|\\d+):(\\d+)(?:/\\w+)?[\"']?\\s*$");
  private static final Pattern ADDRESS = Pattern.compile("ip=([0-9.]+)");

  private StackServices() {}

  /** The deploy listener for {@code world}. */
  public static BiConsumer<PortainerEmulator.Environment, PortainerEmulator.Stack> publishTo(
      World world) {
    return (environment, stack) ->
        guestOf(world, environment.url()).ifPresent(g -> publish(g, stack));
  }

  static void publish(Guest guest, PortainerEmulator.Stack stack) {
    Matcher m = PORT.matcher(stack.compose());
    while (m.find()) {
      String host = m.group(2) == null ? m.group(1) : stack.env().getOrDefault(m.group(2), "");
      if (host.matches("\\d+")) {
        SimState.listen(guest, Integer.parseInt(host), "stack " + stack.name());
      }
    }
  }

  /** The guest whose configured address is the agent URL's host ({@code tcp://10.0.0.102:9001}). */
  static Optional<Guest> guestOf(World world, String agentUrl) {
    String host = URI.create(agentUrl).getHost();
    return world.guests().stream()
        .filter(g -> addressesOf(g.config()).anyMatch(host::equals))
        .findFirst();
  }

  private static java.util.stream.Stream<String> addressesOf(Map<String, String> config) {
    return config.entrySet().stream()
        .filter(e -> e.getKey().startsWith("ipconfig") || e.getKey().startsWith("net"))
        .map(e -> ADDRESS.matcher(e.getValue()))
        .filter(Matcher::find)
        .map(m -> m.group(1));
  }
}
