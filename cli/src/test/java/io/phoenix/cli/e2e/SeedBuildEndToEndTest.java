package io.phoenix.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.cli.commands.DemoCommand;
import io.phoenix.cli.follow.ConsoleRenderer;
import io.phoenix.cli.runtime.EmbeddedWorld;
import io.phoenix.cli.runtime.Services;
import io.phoenix.cli.runtime.SimulatedHost;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.Simulated;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Inventory;
import io.phoenix.common.inventory.InventoryLoader;
import io.phoenix.simulator.portainer.PortainerEmulator;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed build as a user runs it: the whole embedded world, the request through the requests
 * topic, and then the world checked against inventory/phoenix.yaml through the simulator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedBuildEndToEndTest {

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

  @TempDir static Path dir;
  private static EmbeddedWorld world;
  private static Inventory inventory;
  private static List<CloudEvent> firstBuild;

  @BeforeAll
  static void buildTheSeed() {
    inventory = InventoryLoader.load(Path.of("..", "inventory", "phoenix.yaml")).orThrow();
    world =
        EmbeddedWorld.start(
            new EmbeddedWorld.Options(
                dir.resolve("kafka"),
                0,
                0,
                EnumSet.allOf(Services.class),
                dir.resolve("world.properties"),
                SimulatedHost.DEFAULT_SPEED));
    firstBuild = build(DemoCommand.SEED);
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  static List<CloudEvent> build(List<Integer> guests) {
    return EndToEnd.build(world.kafkaBootstrap(), guests, BUILD_TIMEOUT);
  }

  private static void assertSucceeded(List<CloudEvent> build) {
    EndToEnd.assertSucceeded(build);
  }

  @Test
  @Order(1)
  void theSeedBuildSucceeds() {
    assertSucceeded(firstBuild);
  }

  @Test
  @Order(2)
  void everyGuestIsThereWithItsConfigTemplateFlagAndSnapshots() {
    var pve = world.host().pve().world();
    for (Guest wanted : inventory.guests()) {
      var guest = pve.guest(wanted.id());
      assertThat(guest).as("guest %d", wanted.id()).isPresent();
      assertThat(guest.get().isTemplate())
          .as("%d template", wanted.id())
          .isEqualTo(wanted.template());
      if (wanted.cores() != null) {
        assertThat(guest.get().config("cores")).contains(String.valueOf(wanted.cores()));
      }
      if (wanted.memory() != null) {
        assertThat(guest.get().config("memory")).contains(String.valueOf(wanted.memory()));
      }
      Set<String> snapshots =
          guest.get().snapshots().stream()
              .map(s -> s.name())
              .filter(n -> !n.equals("current"))
              .collect(Collectors.toSet());
      assertThat(snapshots).as("%d snapshots", wanted.id()).containsAll(wanted.snapshots());
    }
  }

  @Test
  @Order(3)
  void everyTlsGuestHoldsACertificateChainingToTheCaWithItsSans() throws Exception {
    var pve = world.host().pve().world();
    X509Certificate root = world.host().ca().root();
    int checked = 0;
    for (Guest guest : inventory.guests()) {
      for (CertificateSpec spec : guest.certificates()) {
        byte[] pem =
            pve.readFile(guest.id(), spec.certPath())
                .orElseThrow(() -> new AssertionError(guest.id() + " has no " + spec.certPath()));
        List<X509Certificate> chain = chain(pem);
        validate(chain, root);
        List<String> sans = new ArrayList<>();
        for (List<?> san : chain.get(0).getSubjectAlternativeNames()) {
          sans.add(san.get(1).toString());
        }
        assertThat(sans).as("%d %s SANs", guest.id(), spec.name()).containsAll(spec.sans());
        assertThat(pve.readFile(guest.id(), spec.keyPath())).as("key in the guest").isPresent();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(4)
  void portainerHasTheDockerHostRegisteredWithItsStacks() {
    PortainerEmulator portainer = world.host().guests().portainer();
    Guest host =
        inventory.guests().stream().filter(g -> !g.stacks().isEmpty()).findFirst().orElseThrow();
    assertThat(portainer.adminInitialised()).isTrue();
    assertThat(portainer.environments()).isNotEmpty();
    Set<String> stacks =
        portainer.stacks().stream().map(PortainerEmulator.Stack::name).collect(Collectors.toSet());
    for (String stack : host.stacks()) {
      assertThat(stacks).as("stacks").anyMatch(n -> n.equalsIgnoreCase(stack));
    }
  }

  @Test
  @Order(5)
  void nothingSecretEverReachedKafka() throws Exception {
    String tokenSecret =
        world.host().pve().apiToken().substring(world.host().pve().apiToken().indexOf('=') + 1);
    for (Map.Entry<String, byte[]> record : allRecords().entrySet()) {
      String text = new String(record.getValue(), StandardCharsets.UTF_8);
      assertThat(text)
          .as(record.getKey())
          .doesNotContain("PRIVATE KEY")
          .doesNotContain(tokenSecret)
          .doesNotContainPattern("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.")
          .doesNotContainPattern("\"d\"\\s*:\\s*\"");
    }
  }

  @Test
  @Order(6)
  void aSecondBuildOfTheSameGuestsIsAllNoop() {
    List<CloudEvent> second = build(DemoCommand.SEED);
    assertSucceeded(second);
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
  @Order(7)
  void everyFeatureTheSimulatorFakedIsReportedSimulatedNeverASilentSuccess() {
    List<String> features = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (CloudEvent event : firstBuild) {
      if (EventTypes.STEP_SUCCEEDED.equals(event.type())) {
        boolean simulated = Simulated.reasonOf((StepSucceeded) Envelopes.data(event)).isPresent();
        if (event.stepid().contains("/feature/")) {
          assertThat(simulated).as(event.stepid() + " says simulated").isTrue();
          features.add(event.stepid());
        } else if (simulated) {
          others.add(event.stepid());
        }
      }
    }
    assertThat(features).contains("103/feature/step_ca", "101/feature/nginx");
    assertThat(others).as("steps that are not feature scripts").isEmpty();

    StringWriter text = new StringWriter();
    ConsoleRenderer summary = new ConsoleRenderer(new PrintWriter(text), false, Clock.systemUTC());
    firstBuild.forEach(summary::onEvent);
    summary.finish();
    assertThat(text.toString())
        .contains("simulated: " + features.size() + " steps succeeded without running for real")
        .contains("  103/feature/step_ca: the simulator faked feature step_ca")
        .contains("BUILD SUCCEEDED ");
  }

  private static List<X509Certificate> chain(byte[] pem) throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (var c : x509.generateCertificates(new ByteArrayInputStream(pem))) {
      chain.add((X509Certificate) c);
    }
    assertThat(chain).isNotEmpty();
    return chain;
  }

  private static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
    List<X509Certificate> path = new ArrayList<>(chain);
    path.removeIf(c -> c.equals(root));
    CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(certPath, params);
  }

  private static Map<String, byte[]> allRecords() throws Exception {
    return EndToEnd.allRecords(world.kafkaBootstrap());
  }
}
