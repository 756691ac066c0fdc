package io.phoenix.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.phoenix.cli.PhoenixCommand;
import io.phoenix.cli.e2e.EndToEnd;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.simulator.lab.LabDirectory;
import io.phoenix.simulator.lab.LabHost;
import io.phoenix.simulator.lab.LabHostSettings;
import io.phoenix.simulator.lab.Preconditions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The lab for real: {@code 900 103 101} built as real LXC containers with the real feature scripts,
 * then checked from this machine as a user would. Runs where the lab can (root, Debian's lxc,
 * debootstrap, nftables: CI, whose bin/test installs them); skipped with the reason elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabEndToEndTest {

  private static final List<Integer> GUESTS = List.of(900, 103, 101);
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);
  private static final String GATEWAY_KEY = "/etc/nginx/ssl/nginx.internal.thinkheads.ai.key";
  private static final String CA_DIR = "/etc/step-ca/secrets";

  /**
   * One lab per machine: the bridges and subnets are the inventory's. Test runs from several
   * checkouts on one machine take turns instead of failing on each other's bridges.
   */
  private static final Path MACHINE_LOCK = Path.of("/tmp/phoenix-lab-test.lock");

  @TempDir static Path dir;
  private static FileChannel lockChannel;
  private static LabWorld world;
  private static Inventory inventory;
  private static List<CloudEvent> firstBuild;

  @BeforeAll
  static void buildInTheLab() throws IOException {
    assumeThat(Preconditions.problem()).as("the lab cannot run on this machine").isEmpty();
    inventory = InventoryLoader.load(Path.of("..", "inventory", "phoenix.yaml")).orThrow();
    lockChannel =
        FileChannel.open(MACHINE_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lockChannel.lock();
    world =
        LabWorld.start(
            new LabWorld.Options(
                LabHostSettings.of(LabDirectory.defaultLocation(), inventory.networks()),
                inventory,
                dir.resolve("state"),
                dir.resolve("world.properties"),
                0,
                0,
                0.05));
    firstBuild = build(GUESTS);
  }

  @AfterAll
  static void stopAndCleanUp() throws IOException {
    if (world != null) {
      world.close();
      assertThat(LabHost.cleanup(world.lab().directory())).as("left behind").isEmpty();
    }
    if (lockChannel != null) {
      lockChannel.close();
    }
  }

  static List<CloudEvent> build(List<Integer> guests) {
    return EndToEnd.build(world.kafkaBootstrap(), guests, BUILD_TIMEOUT);
  }

  private static X509Certificate caRoot() throws Exception {
    byte[] pem = world.lab().world().readFile(103, LabDemoCommand.CA_ROOT).orElseThrow();
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
  }

  @Test
  @Order(1)
  void theBuildOfTheTemplateTheCaAndTheGatewaySucceeds() {
    EndToEnd.assertSucceeded(firstBuild);
  }

  @Test
  @Order(2)
  void httpsTo101IsVerifiedByPkixWithHostnameCheckingAgainstTheRoot103Generated() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("phoenix-lab-root", caRoot());
    TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX");
    pkix.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, pkix.getTrustManagers(), null);
    String address = LabDemoCommand.gatewayAddress(inventory);

    // HttpClient checks the certificate's names against the host (its IP SAN here) by default.
    HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(20)).build();
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://" + address + "/"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.headers().firstValue("server"))
        .hasValueSatisfying(s -> assertThat(s).startsWith("nginx"));
    X509Certificate leaf =
        (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    assertThat(leaf.getSubjectX500Principal().getName())
        .isEqualTo("CN=nginx.internal.thinkheads.ai");
  }

  @Test
  @Order(3)
  void privateKeysLiveOnlyInTheirGuestsRootfsAndTheCaKeysAreTheCaUsersAlone() throws Exception {
    LabHost lab = world.lab();
    Path gatewayKey = lab.rootfs(101).resolve(GATEWAY_KEY.substring(1));
    assertThat(gatewayKey).exists();
    Path caSecrets = lab.rootfs(103).resolve(CA_DIR.substring(1));
    List<Path> caKeys;
    try (Stream<Path> files = Files.list(caSecrets)) {
      caKeys = files.filter(f -> f.getFileName().toString().endsWith("_key")).toList();
    }
    assertThat(caKeys).as("the CA's keys in 103").isNotEmpty();
    int stepUid = uid(lab.rootfs(103), "step");
    PosixFileAttributes secretsDir =
        Files.readAttributes(caSecrets, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertThat(PosixFilePermissions.toString(secretsDir.permissions())).isEqualTo("rwx------");
    for (Path key : caKeys) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
          .as(key.toString())
          .isEqualTo("rw-------");
      assertThat((Integer) Files.getAttribute(key, "unix:uid"))
          .as(key.toString())
          .isEqualTo(stepUid);
    }

    List<Path> keys = new ArrayList<>(caKeys);
    keys.add(gatewayKey);
    Map<String, byte[]> records = EndToEnd.allRecords(world.kafkaBootstrap());
    for (Path key : keys) {
      String body = keyBody(key);
      Path owner = key.startsWith(lab.rootfs(101)) ? lab.rootfs(101) : lab.rootfs(103);
      for (int other : GUESTS) {
        Path rootfs = lab.rootfs(other);
        if (!rootfs.equals(owner)) {
          assertThat(filesContaining(rootfs, body)).as(key + " in CT " + other).isEmpty();
        }
      }
      assertThat(filesContaining(dir, body)).as(key + " in the services' state").isEmpty();
      records.forEach(
          (where, value) ->
              assertThat(new String(value, StandardCharsets.UTF_8)).as(where).doesNotContain(body));
    }
    records.forEach(
        (where, value) ->
            assertThat(new String(value, StandardCharsets.UTF_8))
                .as(where)
                .doesNotContain("PRIVATE KEY"));
  }

  @Test
  @Order(4)
  void aSecondBuildOfTheSameGuestsIsAllNoopAsTheScriptsOwnChecksDecide() {
    List<CloudEvent> second = build(GUESTS);
    EndToEnd.assertSucceeded(second);
    List<String> changed = new ArrayList<>();
    for (CloudEvent event : second) {
      if (EventTypes.STEP_SUCCEEDED.equals(event.type())) {
        StepSucceeded ok = (StepSucceeded) Envelopes.data(event);
        if (ok.outcome() != StepSucceeded.Outcome.NOOP) {
          changed.add(event.stepid() + " " + ok.outcome() + " " + ok.changes());
        }
      }
    }
    assertThat(changed).as("steps that were not noop").isEmpty();
  }

  @Test
  @Order(5)
  void aFeatureBrokenOnPurposeFailsWithItsRealStderrAndReplayNamesItTheRootCause() {
    // Break 101's nginx for real: a config line nginx rejects, and the service stopped, so the
    // feature's own check fails and its apply runs `nginx -t`.
    var broken =
        world
            .lab()
            .world()
            .run(
                101,
                List.of(
                    "sh",
                    "-c",
                    "echo 'broken_on_purpose on;' > /etc/nginx/conf.d/broken.conf"
                        + " && systemctl stop nginx"),
                new byte[0]);
    assertThat(broken.exitCode()).as(broken.stderrText()).isZero();

    List<CloudEvent> events = build(List.of(101));

    CloudEvent end = EndToEnd.last(events);
    assertThat(end.type()).isEqualTo(EventTypes.BUILD_FAILED);
    assertThat(((BuildFailed) Envelopes.data(end)).failedStep()).isEqualTo("101/feature/nginx");
    StepFailed failed =
        events.stream()
            .filter(e -> EventTypes.STEP_FAILED.equals(e.type()))
            .filter(e -> "101/feature/nginx".equals(e.stepid()))
            .map(e -> (StepFailed) Envelopes.data(e))
            .reduce((a, b) -> b)
            .orElseThrow();
    // nginx's own words, from the script's real stderr: its last line is the message, the lines
    // before it are in the event's stderr tail
    assertThat(failed.message()).contains("nginx.conf test failed");
    assertThat(failed.details().get("stderrTail"))
        .contains("unknown directive \"broken_on_purpose\" in /etc/nginx/conf.d/broken.conf:1");

    StringWriter out = new StringWriter();
    CommandLine cli = PhoenixCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    int code =
        cli.execute(
            "replay",
            end.buildid(),
            "--kafka",
            world.kafkaBootstrap(),
            "--world",
            dir.resolve("world.properties").toString());
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("root cause: 101/feature/nginx")
        .contains("nginx.conf test failed");
  }

  /** The user's uid in a guest's {@code /etc/passwd}. */
  private static int uid(Path rootfs, String user) throws Exception {
    for (String line : Files.readAllLines(rootfs.resolve("etc/passwd"))) {
      String[] fields = line.split(":");
      if (fields[0].equals(user)) {
        return Integer.parseInt(fields[2]);
      }
    }
    throw new AssertionError("no user " + user + " in " + rootfs);
  }

  /** The longest base64 line of a PEM key: what a copy of it anywhere would contain. */
  private static String keyBody(Path key) throws Exception {
    return Files.readAllLines(key).stream()
        .filter(l -> !l.startsWith("-----"))
        .max((a, b) -> Integer.compare(a.length(), b.length()))
        .orElseThrow();
  }

  /** Regular files under {@code root} (one file system, links not followed) containing text. */
  private static List<String> filesContaining(Path root, String text) throws Exception {
    ProcessBuilder grep =
        new ProcessBuilder(
            "grep", "-rlF", "--no-messages", "-D", "skip", "--", text, root.toString());
    Process process = grep.redirectErrorStream(true).start();
    String found = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return found.lines().toList();
  }
}
