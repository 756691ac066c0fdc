package io.phoenix.simulator.effects;

import io.phoenix.simulator.world.ExecResult;
import io.phoenix.simulator.world.Guest;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Health checks ({@code bash -c <command>}): {@code systemctl is-active UNIT} answers from the
 * units features started, {@code curl ... http(s)://127.0.0.1:PORT/...} from the ports something
 * listens on. Anything else is not understood and succeeds, like every unknown command.
 */
final class HealthEffects {

  private static final Pattern IS_ACTIVE =
      Pattern.compile("systemctl is-active (?:--quiet )?([\\w@.-]+)");
  private static final Pattern CURL =
      Pattern.compile("curl .*https?://(?:127\\.0\\.0\\.1|localhost):(\\d+)");

  private HealthEffects() {}

  static Optional<ExecResult> run(Guest guest, List<String> argv) {
    if (argv.size() != 3 || !argv.get(0).equals("bash") || !argv.get(1).equals("-c")) {
      return Optional.empty();
    }
    String command = argv.get(2);
    Matcher active = IS_ACTIVE.matcher(command);
    if (active.find()) {
      return Optional.of(
          SimState.active(guest, active.group(1))
              ? ExecResult.ok(command.contains("--quiet") ? "" : "active\n")
              : new ExecResult(
                  3, SimState.utf8(command.contains("--quiet") ? "" : "inactive\n"), new byte[0]));
    }
    Matcher curl = CURL.matcher(command);
    if (curl.find()) {
      int port = Integer.parseInt(curl.group(1));
      return Optional.of(
          SimState.listening(guest, port)
              ? ExecResult.ok()
              : ExecResult.failed(
                  7,
                  "curl: (7) Failed to connect to 127.0.0.1 port "
                      + port
                      + " after 0 ms: Couldn't connect to server\n"));
    }
    return Optional.empty();
  }
}
