package io.phoenix.pki.ca;

import static org.awaitility.Awaitility.await;

import io.phoenix.simulator.ca.CaHierarchy;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real step-ca (built from Debian's Go source by {@code tools/step-ca/build.sh}) running on a
 * loopback port, configured the way {@code step ca init} would: a root and intermediate from
 * BouncyCastle, one JWK provisioner with the given public key, a badger database.
 */
final class RealStepCa implements CaUnderTest {

  private static Optional<Path> binary;
  private static String unavailable;

  private final Process process;
  private final URI baseUri;
  private final CaHierarchy hierarchy;
  private final Path log;

  private RealStepCa(Process process, URI baseUri, CaHierarchy hierarchy, Path log) {
    this.process = process;
    this.baseUri = baseUri;
    this.hierarchy = hierarchy;
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

  static String unavailableReason() {
    return "a real step-ca cannot be built here ("
        + unavailable
        + "); install the Debian packages golang-go, gcc and"
        + " golang-github-smallstep-certificates-dev to run these tests";
  }

  /** Writes a CA configuration into {@code directory} and starts step-ca on a free port. */
  static RealStepCa start(Path directory, String provisionerName, String publicJwk)
      throws IOException {
    Path stepCa = binary().orElseThrow(() -> new IllegalStateException(unavailableReason()));
    CaHierarchy hierarchy = CaHierarchy.generate("Phoenix Test", Instant.now());
    Path certs = Files.createDirectories(directory.resolve("certs"));
    Path secrets = Files.createDirectories(directory.resolve("secrets"));
    Path config = Files.createDirectories(directory.resolve("config"));
    Path db = Files.createDirectories(directory.resolve("db"));
    Files.writeString(certs.resolve("root_ca.crt"), hierarchy.rootPem());
    Files.writeString(certs.resolve("intermediate_ca.crt"), hierarchy.intermediatePem());
    Files.writeString(
        secrets.resolve("intermediate_ca_key"), CaHierarchy.pkcs8Pem(hierarchy.intermediateKey()));
    int port = freePort();
    String json =
        """
        {
          "root": "%s",
          "crt": "%s",
          "key": "%s",
          "address": "127.0.0.1:%d",
          "dnsNames": ["127.0.0.1", "localhost"],
          "logger": {"format": "text"},
          "db": {"type": "badgerv2", "dataSource": "%s"},
          "authority": {
            "provisioners": [{
              "type": "JWK",
              "name": "%s",
              "key": %s,
              "claims": {"maxTLSCertDuration": "2160h", "defaultTLSCertDuration": "24h"}
            }]
          },
          "tls": {
            "cipherSuites": ["TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                             "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
            "minVersion": 1.2, "maxVersion": 1.3, "renegotiation": false
          }
        }
        """
            .formatted(
                certs.resolve("root_ca.crt"),
                certs.resolve("intermediate_ca.crt"),
                secrets.resolve("intermediate_ca_key"),
                port,
                db,
                provisionerName,
                publicJwk);
    Path caJson = config.resolve("ca.json");
    Files.writeString(caJson, json);
    Path log = directory.resolve("step-ca.log");
    Process process =
        new ProcessBuilder(stepCa.toString(), caJson.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(directory.toFile())
            .start();
    RealStepCa ca =
        new RealStepCa(process, URI.create("https://127.0.0.1:" + port), hierarchy, log);
    ca.awaitHealthy();
    return ca;
  }

  private void awaitHealthy() throws IOException {
    try (StepCaClient client =
        new StepCaClient(baseUri, PinnedRoot.fromPem(hierarchy.rootPem()), Duration.ofSeconds(5))) {
      await("step-ca at " + baseUri + " answers /health")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "step-ca exited (" + process.exitValue() + "):\n" + Files.readString(log));
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
    return hierarchy.rootPem();
  }

  @Override
  public String rootFingerprint() {
    return hierarchy.rootFingerprint();
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
