package io.phoenix.service.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.service.params.Settings;
import io.phoenix.service.scripts.ScriptTemplate;
import io.phoenix.service.scripts.StepAbort;
import io.phoenix.service.support.SeedCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact library ({@code features/lib/artifact.sh}) run for real with bash on this host
 * against {@code file://} URLs: a raw binary or a .tar.gz holding it is installed; a file whose
 * SHA-256 is not the configured one is refused with exit 2 before anything is installed.
 */
class ArtifactScriptTest {

  private static final byte[] BINARY =
      "#!/bin/sh\necho step-ca 0.19.0\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private Path dest;

  @BeforeEach
  void toolsArePresent() {
    assumeTrue(
        FeatureScriptsShellcheckTest.commandPresent("curl")
            && FeatureScriptsShellcheckTest.commandPresent("bash"),
        "ASSUMPTION: bash and curl are needed to run the artifact library; skipping");
    dest = dir.resolve("bin/step-ca");
  }

  @Test
  void aRawBinaryWithTheConfiguredChecksumIsInstalledAndRemembered() throws Exception {
    Path file = Files.write(dir.resolve("step-ca"), BINARY);

    Run run = install(file, sha256(BINARY));

    assertThat(run.exit).as(run.stderr).isZero();
    assertThat(dest).hasBinaryContent(BINARY).isExecutable();
    assertThat(dir.resolve("artifacts/step-ca.sha256")).hasContent(sha256(BINARY));
    assertThat(run.stdout).contains("installed: yes");
  }

  @Test
  void theBinaryIsTakenFromATarballAtAnyDepth() throws Exception {
    byte[] tarball = tarGz("step-ca_0.19.0/bin/step-ca", BINARY);
    Path file = Files.write(dir.resolve("step-ca_0.19.0_linux_amd64.tar.gz"), tarball);

    Run run = install(file, sha256(tarball));

    assertThat(run.exit).as(run.stderr).isZero();
    assertThat(dest).hasBinaryContent(BINARY);
  }

  @Test
  void aChecksumMismatchExits2NamingBothChecksumsAndInstallsNothing() throws Exception {
    Path file = Files.write(dir.resolve("step-ca"), BINARY);
    String wrong = "0".repeat(64);

    Run run = install(file, wrong);

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.stderr)
        .contains("has SHA-256 " + sha256(BINARY), "not " + wrong, "artifacts.step-ca.sha256");
    assertThat(dest).doesNotExist();
    assertThat(dir.resolve("artifacts/step-ca.sha256")).doesNotExist();
  }

  @Test
  void aTarballWithoutTheBinaryExits2() throws Exception {
    byte[] tarball = tarGz("README.md", "no binary here".getBytes(StandardCharsets.UTF_8));
    Path file = Files.write(dir.resolve("other.tar.gz"), tarball);

    Run run = install(file, sha256(tarball));

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.stderr).contains("a tarball without a file called step-ca");
    assertThat(dest).doesNotExist();
  }

  @Test
  void anUnreachableArtifactIsARetryableFailure() throws Exception {
    Run run = install(dir.resolve("missing"), sha256(BINARY));

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.stderr).contains("cannot download the step-ca artifact from file://");
  }

  @Test
  void settingsNeedBothUrlAndChecksumAndAKnownScheme() throws Exception {
    assertThat(invalid(Map.of("url", "http://mirror.lan/step-ca")).message())
        .contains("needs both url and sha256");
    assertThat(
            invalid(Map.of("url", "ftp://mirror.lan/step-ca", "sha256", sha256(BINARY))).message())
        .contains("http, https or file URL");
    assertThat(invalid(Map.of("url", "http://mirror.lan/step-ca", "sha256", "ABC")).message())
        .contains("64 lower-case hex digits");
  }

  @Test
  void withoutAnArtifactTheVariablesAreEmpty() throws Exception {
    assertThat(Artifact.variables("step_ca", settings(Map.of())))
        .containsEntry("ARTIFACT_NAME", "step-ca")
        .containsEntry("ARTIFACT_URL", "")
        .containsEntry("ARTIFACT_SHA256", "");
  }

  private static StepFailed invalid(Map<String, String> artifact) {
    try {
      Artifact.variables("step_ca", settings(artifact));
      throw new AssertionError("accepted " + artifact);
    } catch (StepAbort abort) {
      assertThat(abort.outcome().retryable()).isFalse();
      return abort.outcome();
    }
  }

  private static Settings settings(Map<String, String> artifact) {
    return new Settings(
        "params.settings",
        SeedCommands.JSON.valueToTree(
            artifact.isEmpty() ? Map.of() : Map.of("artifact", artifact)));
  }

  private record Run(int exit, String stdout, String stderr) {}

  /** Renders header + library + a body that installs step-ca at {@code dest}, and runs it. */
  private Run install(Path file, String sha256) throws IOException, InterruptedException {
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("STAGE", dir.resolve("features/step_ca").toString());
    vars.put("ARTIFACT_NAME", "step-ca");
    vars.put("ARTIFACT_URL", file.toUri().toString());
    vars.put("ARTIFACT_SHA256", sha256);
    vars.put("DEST", dest.toString());
    String body =
        ScriptTemplate.body("features/lib/artifact.sh")
            + "\nlog() { echo \"phoenix test: $*\" >&2; }\n"
            + "install_artifact step-ca \"$DEST\"\n"
            + "artifact_installed \"$DEST\" && echo 'installed: yes'\n";
    Path script =
        Files.writeString(dir.resolve("run.sh"), ScriptTemplate.render("test", vars, body));
    Process bash = new ProcessBuilder("bash", script.toString()).start();
    String stdout = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(bash.exitValue(), stdout, stderr);
  }

  /** A .tar.gz made by tar(1) holding {@code content} at {@code name}. */
  private byte[] tarGz(String name, byte[] content) throws IOException, InterruptedException {
    Path tree = dir.resolve("tree-" + System.nanoTime());
    Files.createDirectories(tree.resolve(name).getParent());
    Files.write(tree.resolve(name), content);
    Path tarball = dir.resolve(tree.getFileName() + ".tar.gz");
    Process tar =
        new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", tree.toString(), name)
            .redirectErrorStream(true)
            .start();
    tar.getInputStream().readAllBytes();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();
    return Files.readAllBytes(tarball);
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
