package io.phoenix.pki.ca;

import static org.awaitility.Awaitility.await;

import io.phoenix.common.inventory.CaSettings;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real step-ca (built from Debian's Go source by {@code tools/step-ca/build.sh}) running on a
 * loopback port, initialised exactly as production and the lab initialise it: the {@code step_ca}
 * feature script's own {@code init} mode (openssl root and intermediate, ca.json written with jq,
 * the one maximum lifetime {@link CaSettings#MAX_LIFETIME}) runs on this host against a temporary
 * STEPPATH, with the test agent's public JWK as the staged provisioner key.
 */
final class RealStepCa implements CaUnderTest {

  /** The feature script, and the library rendered before it, as the service agent renders them. */
  private static final String FEATURES = "service-agent/src/main/resources/service-agent/features/";

  private static Optional<Path> binary;
  private static String unavailable;

  private final Process process;
  private final URI baseUri;
  private final String rootPem;
  private final Path log;

  private RealStepCa(Process process, URI baseUri, String rootPem, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.rootPem = rootPem;
    this.log = log;
  }

  /**
   * The step-ca binary, built once per machine (cached in ~/.cache/phoenix/step-ca); empty when the
   * Debian packages are not installed, with the reason in {@link #unavailableReason()}.
   */
  static synchronized Optional<Path> binary() {
    if (binary != null) {
      return binary;
    }
    Path script = repositoryRoot().resolve("tools/step-ca/build.sh");
    try {
      Path output = Files.createTempFile("step-ca-build", ".log");
      Process build =
          new ProcessBuilder("sh", script.toString()).redirectError(output.toFile()).start();
      String stdout = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!build.waitFor(10, TimeUnit.MINUTES)) {
        build.destroyForcibly();
        throw new IllegalStateException("building step-ca took more than 10 minutes");
      }
      String stderr = Files.readString(output);
      if (build.exitValue() == 3) {
        unavailable = stderr.strip();
        binary = Optional.empty();
        return binary;
      }
      if (build.exitValue() != 0) {
        throw new IllegalStateException(
            "tools/step-ca/build.sh failed (" + build.exitValue() + "):\n" + stderr);
      }
      binary = Optional.of(Path.of(stdout.strip()));
      return binary;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run tools/step-ca/build.sh: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The tools step_ca.sh init needs on this host that are missing (Debian: jq, openssl). */
  static java.util.List<String> missingInitTools() {
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (String tool : java.util.List.of("bash", "jq", "openssl")) {
      try {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
        which.getInputStream().readAllBytes();
        if (!which.waitFor(30, TimeUnit.SECONDS) || which.exitValue() != 0) {
          missing.add(tool);
        }
      } catch (IOException e) {
        missing.add(tool);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        missing.add(tool);
      }
    }
    return missing;
  }

  static String unavailableReason() {
    return "a real step-ca cannot be built here ("
        + unavailable
        + "); install the Debian packages golang-go, gcc, libc6-dev and"
        + " golang-github-smallstep-certificates-dev to run these tests";
  }

  /**
   * Initialises a CA in {@code directory} with the step_ca script's {@code init} and starts step-ca
   * on a free port.
   */
  static RealStepCa start(Path directory, String provisionerName, String publicJwk)
      throws IOException {
    Path stepCa = binary().orElseThrow(() -> new IllegalStateException(unavailableReason()));
    Path stage = Files.createDirectories(directory.resolve("stage"));
    Files.writeString(stage.resolve("provisioner.jwk"), publicJwk + "\n");
    // A free port can be taken between our probe and step-ca's bind: try a few.
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      initialise(directory, stage, provisionerName, port);
      try {
        return launch(stepCa, directory, port);
      } catch (PortTaken e) {
        if (attempt == 3) {
          throw new IllegalStateException("step-ca could not bind a free port three times", e);
        }
      }
    }
  }

  /** step-ca exited because its port was taken. */
  private static final class PortTaken extends RuntimeException {
    PortTaken(String log) {
      super(log);
    }
  }

  /**
   * Runs {@code step_ca.sh init} rendered with the settings below, as the service agent renders it
   * (header of read-only settings, then the artifact library, then the body). A second run keeps
   * the CA and rewrites ca.json for the new port.
   */
  private static void initialise(Path directory, Path stage, String provisionerName, int port)
      throws IOException {
    Path features = repositoryRoot().resolve(FEATURES);
    String header =
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "set -euo pipefail",
            "readonly STAGE=" + quoted(stage.toString()),
            "readonly CA_NAME='Phoenix Test'",
            "readonly -a CA_DNS=('127.0.0.1' 'localhost')",
            "readonly CA_PORT='" + port + "'",
            "readonly PROVISIONER=" + quoted(provisionerName),
            "readonly STEPPATH=" + quoted(directory.toString()),
            "readonly MAX_LIFETIME='" + CaSettings.MAX_LIFETIME + "'",
            "readonly DEFAULT_LIFETIME='" + CaSettings.DEFAULT_LIFETIME + "'",
            "readonly ARTIFACT_NAME='step-ca'",
            "readonly ARTIFACT_URL=''",
            "readonly ARTIFACT_SHA256=''",
            "");
    Path script = stage.resolve("run.sh");
    Files.writeString(
        script,
        header
            + Files.readString(features.resolve("lib/artifact.sh"))
            + "\n"
            + Files.readString(features.resolve("step_ca.sh")));
    Path output = directory.resolve("init.log");
    try {
      Process init =
          new ProcessBuilder("bash", script.toString(), "init")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!init.waitFor(2, TimeUnit.MINUTES)) {
        init.destroyForcibly();
        throw new IllegalStateException("step_ca.sh init took more than 2 minutes");
      }
      if (init.exitValue() != 0) {
        throw new IllegalStateException(
            "step_ca.sh init exited " + init.exitValue() + ":\n" + Files.readString(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String quoted(String value) {
    if (value.contains("'")) {
      throw new IllegalArgumentException("test paths and names carry no quote: " + value);
    }
    return "'" + value + "'";
  }

  private static RealStepCa launch(Path stepCa, Path directory, int port) throws IOException {
    Path log = directory.resolve("step-ca.log");
    // Flags before the config: step-ca's command line stops reading flags at the first argument.
    Process process =
        new ProcessBuilder(
                stepCa.toString(),
                "--password-file",
                directory.resolve("secrets/password").toString(),
                directory.resolve("config/ca.json").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(directory.toFile())
            .start();
    String rootPem = Files.readString(directory.resolve("certs/root_ca.crt"));
    RealStepCa ca = new RealStepCa(process, URI.create("https://127.0.0.1:" + port), rootPem, log);
    ca.awaitHealthy();
    return ca;
  }

  private void awaitHealthy() throws IOException {
    try (StepCaClient client =
        new StepCaClient(baseUri, PinnedRoot.fromPem(rootPem), Duration.ofSeconds(5))) {
      await("step-ca at " + baseUri + " answers /health")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  String output = Files.readString(log);
                  if (output.contains("address already in use")) {
                    throw new PortTaken(output);
                  }
                  throw new IllegalStateException(
                      "step-ca exited (" + process.exitValue() + "):\n" + output);
                }
                try {
                  client.health();
                  return true;
                } catch (io.phoenix.pki.PkiFailure e) {
                  return false;
                }
              });
      // step-ca refuses tokens issued (iat, whole seconds) before it started: wait for the next
      // second so the first token of a test is never older than the CA.
      long healthySecond = Instant.now().getEpochSecond();
      await("the second after step-ca became healthy")
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> Instant.now().getEpochSecond() > healthySecond);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path repositoryRoot() {
    Path here = new File("").getAbsoluteFile().toPath();
    for (Path path = here; path != null; path = path.getParent()) {
      if (Files.exists(path.resolve("tools/step-ca/build.sh"))) {
        return path;
      }
    }
    throw new IllegalStateException("tools/step-ca/build.sh not found above " + here);
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public String rootPem() {
    return rootPem;
  }

  @Override
  public String rootFingerprint() {
    try {
      X509Certificate root =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(rootPem.getBytes(StandardCharsets.US_ASCII)));
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the CA's root_ca.crt is not a certificate", e);
    }
  }

  @Override
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
