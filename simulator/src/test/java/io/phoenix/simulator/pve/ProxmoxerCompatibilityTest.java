package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python3-proxmoxer, a Proxmox client this project did not write, drives the simulator
 * through create, clone, start, download-url, task status and the guest agent, and must see the
 * real error texts. Skipped only when python3-proxmoxer is not installed.
 */
class ProxmoxerCompatibilityTest {

  @TempDir Path temp;

  @Test
  void proxmoxerWorksAgainstTheSimulatorAndSeesRealErrorTexts() throws Exception {
    Optional<String> python = pythonWithProxmoxer();
    assumeTrue(
        python.isPresent(),
        "python3-proxmoxer is not installed; install it with: apt-get install -y python3-proxmoxer");
    Path script = temp.resolve("proxmoxer_check.py");
    try (InputStream in = getClass().getResourceAsStream("/pve/proxmoxer_check.py")) {
      Files.copy(in, script);
    }
    Map<String, Duration> durations = new TreeMap<>(SimulatorFixture.fast().taskDurations());
    durations.put("vzclone", Duration.ofSeconds(5));
    durations.put("agent-start", Duration.ofSeconds(8));
    try (PveSimulator simulator =
        PveSimulator.start(SimulatorFixture.fast().withTaskDurations(durations))) {
      Process process =
          new ProcessBuilder(
                  python.get(),
                  script.toString(),
                  "127.0.0.1",
                  String.valueOf(simulator.port()),
                  simulator.apiToken())
              .redirectErrorStream(true)
              .start();
      boolean finished = process.waitFor(180, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(finished).as("proxmoxer script finished in time; output:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("proxmoxer script output:%n%s", output).isZero();
      assertThat(output)
          .contains(
              "OK create again -> 500 Internal Server Error: CT 900 already exists on node 'pve'")
          .contains("OK bad boolean -> 400 Bad Request: Parameter verification failed.")
          .contains("OK second clone -> 500 Internal Server Error: CT is locked (disk)")
          .contains("OK lxc start again -> 500 Internal Server Error: CT 103 already running")
          .contains("OK qemu start again -> task VM 9000 already running")
          .contains(
              "OK agent not yet -> 500 Internal Server Error: QEMU guest agent is not running")
          .contains("OK agent exec exitcode 0")
          .contains("OK agent file round trip");
      assertThat(simulator.world().requireGuest(9000).files().read("/etc/phoenix/hello.txt"))
          .isPresent();
    }
  }

  /**
   * The Debian interpreter first: a pyenv or venv python on PATH does not see Debian's packages.
   */
  private static Optional<String> pythonWithProxmoxer() {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process probe =
            new ProcessBuilder(candidate, "-c", "import proxmoxer")
                .redirectErrorStream(true)
                .start();
        if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
          return Optional.of(candidate);
        }
        probe.destroyForcibly();
      } catch (IOException e) {
        // not installed under this name; try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
