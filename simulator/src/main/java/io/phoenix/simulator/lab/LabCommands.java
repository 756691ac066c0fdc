package io.phoenix.simulator.lab;

import io.phoenix.common.contract.Simulated;
import io.phoenix.simulator.world.CommandEffects;
import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import io.phoenix.simulator.world.GuestKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a command runs in the lab: in an LXC guest's real container ({@code lxc-attach}), except
 * for the feature scripts whose software this machine cannot get (and those features' health
 * checks), which the simulator's effects answer. A simulated answer says so on its first stdout
 * line ({@link Simulated#line}, with the lab's reason), which the service agent reports as the
 * step's {@code simulated} output. QEMU guests are simulated as a whole.
 */
final class LabCommands implements CommandEffects {

  private static final Pattern FEATURE =
      Pattern.compile("/var/lib/phoenix/features/([a-z_]+)/run\\.sh");
  private static final Duration LIMIT = Duration.ofHours(1);

  private final Lxc lxc;
  private volatile CommandEffects simulated;
  private final Map<String, SimulatedFeature> simulatedFeatures;
  private final Map<Integer, Set<SimulatedFeature>> simulatedIn = new ConcurrentHashMap<>();

  /**
   * @param lxc the lab's containers
   * @param simulated what answers for QEMU guests and simulated features
   * @param simulatedFeatures the features that cannot run for real here, by name
   */
  LabCommands(Lxc lxc, CommandEffects simulated, List<SimulatedFeature> simulatedFeatures) {
    this.lxc = lxc;
    this.simulated = simulated;
    this.simulatedFeatures = new ConcurrentHashMap<>();
    simulatedFeatures.forEach(f -> this.simulatedFeatures.put(f.name(), f));
  }

  @Override
  public ExecResult run(Guest guest, List<String> argv, byte[] stdin) {
    if (guest.kind() != GuestKind.LXC) {
      return simulated.run(guest, argv, stdin);
    }
    List<String> command = unwrapTimeout(argv);
    Optional<SimulatedFeature> feature = simulatedFeature(guest.vmid(), command);
    if (feature.isPresent()) {
      simulatedIn
          .computeIfAbsent(guest.vmid(), id -> ConcurrentHashMap.newKeySet())
          .add(feature.get());
      return marked(simulated.run(guest, argv, stdin), feature.get());
    }
    return lxc.attach(guest.vmid(), argv, stdin, LIMIT);
  }

  /** Replaces what answers for QEMU guests and simulated features. */
  void simulateWith(CommandEffects effects) {
    this.simulated = effects;
  }

  /** The simulated features answered in guest {@code vmid} so far. */
  Set<SimulatedFeature> simulatedIn(int vmid) {
    return Set.copyOf(simulatedIn.getOrDefault(vmid, Set.of()));
  }

  /** Forgets what was simulated in a guest that is gone. */
  void forget(int vmid) {
    simulatedIn.remove(vmid);
  }

  /**
   * The simulated feature a command belongs to: its script ({@code bash .../<f>/run.sh mode}), or a
   * health check ({@code bash -c '...'}) naming a unit of a feature simulated in this guest.
   */
  private Optional<SimulatedFeature> simulatedFeature(int vmid, List<String> command) {
    if (command.size() < 2 || !command.get(0).equals("bash")) {
      return Optional.empty();
    }
    Matcher script = FEATURE.matcher(command.get(1));
    if (script.matches()) {
      return Optional.ofNullable(simulatedFeatures.get(script.group(1)));
    }
    if (command.size() == 3 && command.get(1).equals("-c")) {
      String text = command.get(2);
      return simulatedIn.getOrDefault(vmid, Set.of()).stream()
          .filter(f -> f.units().stream().anyMatch(u -> mentionsUnit(text, u)))
          .findFirst();
    }
    return Optional.empty();
  }

  private static boolean mentionsUnit(String command, String unit) {
    return Pattern.compile("\\bsystemctl\\b.*\\b" + Pattern.quote(unit) + "\\b")
        .matcher(command)
        .find();
  }

  private static ExecResult marked(ExecResult result, SimulatedFeature feature) {
    byte[] line = Simulated.line(feature.reason()).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[line.length + result.stdout().length];
    System.arraycopy(line, 0, out, 0, line.length);
    System.arraycopy(result.stdout(), 0, out, line.length, result.stdout().length);
    return new ExecResult(result.exitCode(), out, result.stderr());
  }

  /** The command inside a coreutils {@code timeout [-k K] [-s SIG] SECONDS} wrapper, if any. */
  static List<String> unwrapTimeout(List<String> argv) {
    if (argv.size() < 3 || !argv.get(0).equals("timeout")) {
      return argv;
    }
    int i = 1;
    while (i < argv.size() && argv.get(i).startsWith("-")) {
      i += argv.get(i).equals("-k") || argv.get(i).equals("-s") ? 2 : 1;
    }
    return i < argv.size() - 1 ? argv.subList(i + 1, argv.size()) : argv;
  }
}
