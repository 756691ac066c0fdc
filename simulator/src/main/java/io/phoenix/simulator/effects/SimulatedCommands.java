package io.phoenix.simulator.effects;

import io.phoenix.simulator.world.CommandEffects;
import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the commands the service agent runs do in the simulated world, so a later step can read what
 * an earlier one produced. Understood, in this order:
 *
 * <ol>
 *   <li>a coreutils {@code timeout [-k K] SECONDS} wrapper: a command that hangs past it is killed
 *       and answers 124;
 *   <li>{@link CommandFaults} that make matching commands fail or hang;
 *   <li>file moves: {@code install -D ... /dev/stdin PATH}, {@code cat PATH}, {@code mkdir}, {@code
 *       chmod}, {@code rm}, the guest agent channel's chunk concatenation;
 *   <li>feature scripts {@code bash /var/lib/phoenix/features/<name>/run.sh check|apply|verify};
 *   <li>certificate scripts {@code bash /var/lib/phoenix/certs/<name>/csr|cert/run.sh};
 *   <li>health checks {@code bash -c '<systemctl is-active ...|curl ...>'}.
 * </ol>
 *
 * Anything else succeeds silently. Thread-safe.
 */
public final class SimulatedCommands implements CommandEffects {

  private final CommandFaults faults = new CommandFaults();
  private final FeatureEffects features;

  /** Effects whose {@code step_ca} feature initialises {@code ca}. */
  public SimulatedCommands(SimulatedCa ca) {
    this.features = new FeatureEffects(ca);
  }

  /** The fault rules; add to them to make commands fail or hang. */
  public CommandFaults faults() {
    return faults;
  }

  @Override
  public ExecResult run(Guest guest, List<String> argv, byte[] stdin) {
    Duration limit = null;
    List<String> command = argv;
    if (command.size() > 2 && command.get(0).equals("timeout")) {
      int i = 1;
      while (i < command.size() && command.get(i).startsWith("-")) {
        i += command.get(i).equals("-k") || command.get(i).equals("-s") ? 2 : 1;
      }
      if (i < command.size() - 1 && command.get(i).matches("\\d+")) {
        limit = Duration.ofSeconds(Long.parseLong(command.get(i)));
        command = command.subList(i + 1, command.size());
      }
    }
    Optional<CommandFault> fault = faults.hit(guest.vmid(), command);
    if (fault.isPresent()) {
      CommandFault f = fault.get();
      if (f.hang() == null) {
        return ExecResult.failed(f.exitCode(), f.stderr());
      }
      Duration blocked = limit != null && limit.compareTo(f.hang()) < 0 ? limit : f.hang();
      try {
        Thread.sleep(blocked.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExecResult.failed(130, "interrupted\n");
      }
      if (limit != null && blocked.equals(limit)) {
        return ExecResult.failed(124, "");
      }
    }
    List<String> inner = command;
    return FileCommands.run(guest, inner, stdin)
        .or(() -> features.run(guest, inner))
        .or(() -> CertificateEffects.run(guest, inner))
        .or(() -> HealthEffects.run(guest, inner))
        .orElseGet(ExecResult::ok);
  }
}
