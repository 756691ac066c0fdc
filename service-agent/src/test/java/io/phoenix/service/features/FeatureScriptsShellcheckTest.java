package io.phoenix.service.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.Guest;
import io.phoenix.service.certs.CertificateScriptsAccess;
import io.phoenix.service.params.StepParams;
import io.phoenix.service.scripts.RenderedScript;
import io.phoenix.service.support.SeedCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every feature script, rendered for its seed guest, passes shellcheck. Needs the Debian package
 * {@code shellcheck}; without it the test is skipped (CI installs it).
 */
class FeatureScriptsShellcheckTest {

  static final String PEM_INPUT = "unused by rendering";

  private final SeedCommands seed = new SeedCommands();

  @TempDir Path dir;

  static boolean shellcheckInstalled() {
    return succeeds("shellcheck", "--version");
  }

  /** Whether {@code command} is on this host's PATH. */
  static boolean commandPresent(String command) {
    return succeeds("sh", "-c", "command -v " + command);
  }

  private static boolean succeeds(String... argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String shellcheck(Path script) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("shellcheck", "--shell=bash", "--severity=style", script.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() == 0 ? "" : out;
  }

  @Test
  void everyFeatureScriptOfTheSeedPassesShellcheck() throws Exception {
    assumeTrue(
        shellcheckInstalled(),
        "ASSUMPTION: shellcheck is not installed (apt-get install shellcheck); skipping");
    FeatureCatalog catalog = FeatureCatalog.standard();
    int checked = 0;
    for (Map.Entry<Integer, String> entry : seed.allFeatures()) {
      StepCommand command =
          seed.feature(
              entry.getKey(),
              entry.getValue(),
              Map.of(
                  "rootCertificate", TestPems.ROOT,
                  "provisionerJwk", TestPems.JWK));
      StepParams params = StepParams.of(command, SeedCommands.JSON);
      FeatureRequest request =
          new FeatureRequest(
              params.guest(), params.params().child("settings"), params.params(), command.inputs());
      Feature feature = catalog.feature(entry.getValue()).orElseThrow();
      RenderedScript script = catalog.render(feature, request);
      Path file = dir.resolve(entry.getKey() + "-" + entry.getValue() + ".sh");
      Files.writeString(file, script.text());
      assertThat(shellcheck(file)).as("shellcheck of %s", file.getFileName()).isEmpty();
      checked++;
    }
    assertThat(checked).isEqualTo(seed.allFeatures().size()).isGreaterThan(20);
  }

  @Test
  void certificateScriptsOfTheSeedPassShellcheck() throws Exception {
    assumeTrue(
        shellcheckInstalled(),
        "ASSUMPTION: shellcheck is not installed (apt-get install shellcheck); skipping");
    int checked = 0;
    for (Guest guest : seed.inventory().guests()) {
      for (CertificateSpec spec : guest.certificates()) {
        for (RenderedScript script : CertificateScriptsAccess.render(spec, TestPems.ROOT)) {
          Path file = dir.resolve(guest.id() + "-" + script.title().replace(' ', '-') + ".sh");
          Files.writeString(file, script.text());
          assertThat(shellcheck(file)).as("shellcheck of %s", file.getFileName()).isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }
}
