package io.phoenix.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.pki.PkiFailure;
import io.phoenix.simulator.ca.StepCaEmulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared CA suite against the simulator's step-ca emulator, plus what only the emulator can
 * stage (a 5xx outage) and the agent's ordering failures.
 */
class EmulatedStepCaTest extends CaContractTest {

  private StepCaEmulator emulator;

  @Override
  CaUnderTest startCa(Path directory, String name, String publicJwk) {
    emulator = StepCaEmulator.start(StepCaEmulator.Settings.loopback());
    emulator.authorizeProvisioner(name, publicJwk);
    return new CaUnderTest() {
      @Override
      public URI baseUri() {
        return emulator.baseUri();
      }

      @Override
      public String rootPem() {
        return emulator.rootPem();
      }

      @Override
      public String rootFingerprint() {
        return emulator.rootFingerprint();
      }

      @Override
      public void stop() {
        emulator.stop();
      }
    };
  }

  @Test
  void aCaAnswering5xxIsARetryableOutageAndSigningWorksOnceItEnds() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);
    emulator.simulateOutage(503);

    StepFailed failed =
        assertFailed(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
            PkiFailure.CA_UNAVAILABLE);
    emulator.simulateOutage(0);

    assertThat(failed.retryable()).isTrue();
    assertSucceeded(
        agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
        StepSucceeded.Outcome.CREATED);
    assertThat(emulator.issued()).hasSize(1);
  }

  @Test
  void signingBeforeTheRootIsPinnedOrTheKeyExistsSaysWhichStepMustRunFirst() {
    String csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem();
    PkiAgentFixture fresh = new PkiAgentFixture(temp.resolve("fresh"), Clock.systemUTC());

    StepFailed noKey =
        assertFailed(
            fresh.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr),
            PkiFailure.PROVISIONER_MISSING);
    fresh.provision();
    StepFailed noPin =
        assertFailed(
            fresh.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr),
            PkiFailure.ROOT_NOT_PINNED);

    assertThat(noKey.message()).contains("103/provisioner");
    assertThat(noPin.message()).contains("103/pin-root");
    assertThat(emulator.issued()).isEmpty();
  }

  @Test
  void aCsrLackingAListedNameIsInvalidBeforeTheCaIsAsked() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr partial = TestCsr.create("nginx.phoenix.lan", List.of("nginx.phoenix.lan"));

    StepFailed failed =
        assertFailed(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", partial.pem()),
            PkiFailure.INVALID_CSR);

    assertThat(failed.message()).contains("10.0.0.101");
    assertThat(emulator.issued()).isEmpty();
  }

  @Test
  void theSameCsrSignedTwiceIsANoopWithTheSameChainNotAfterAndSerial() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);
    StepSucceeded first =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
            StepSucceeded.Outcome.CREATED);

    StepSucceeded second =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
            StepSucceeded.Outcome.NOOP);
    StepSucceeded dryRun =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem(), true),
            StepSucceeded.Outcome.NOOP);

    assertThat(second.outputs()).isEqualTo(first.outputs());
    assertThat(dryRun.outputs()).isEqualTo(first.outputs());
    assertThat(emulator.issued()).hasSize(1);
  }

  @Test
  void anAgentRestartedOnTheSameStoreStillRemembersWhatItIssued() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);
    StepSucceeded first =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
            StepSucceeded.Outcome.CREATED);
    PkiAgentFixture restarted =
        new PkiAgentFixture(temp.resolve("agent"), Clock.systemUTC(), agent.store);

    StepSucceeded again =
        assertSucceeded(
            restarted.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
            StepSucceeded.Outcome.NOOP);

    assertThat(again.outputs().get("serial")).isEqualTo(first.outputs().get("serial"));
    assertThat(emulator.issued()).hasSize(1);
  }

  @Test
  void aCsrWithAnotherKeyIsSignedAnew() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    StepSucceeded first =
        assertSucceeded(
            agent.sign(
                caUrl,
                "nginx.phoenix.lan",
                NGINX_SANS,
                "24h",
                TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
            StepSucceeded.Outcome.CREATED);
    TestCsr newKey = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);

    assertSucceeded(
        agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", newKey.pem(), true),
        StepSucceeded.Outcome.WOULD_CREATE);
    StepSucceeded second =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", newKey.pem()),
            StepSucceeded.Outcome.CREATED);

    assertThat(second.outputs().get("serial")).isNotEqualTo(first.outputs().get("serial"));
    assertThat(
            PemCertificates.parse(second.outputs().get("chain")).get(0).getPublicKey().getEncoded())
        .isEqualTo(newKey.keys().getPublic().getEncoded());
    assertThat(emulator.issued()).hasSize(2);
  }

  @Test
  void theSameKeyWithOtherSansIsSignedAnew() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);
    assertSucceeded(
        agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
        StepSucceeded.Outcome.CREATED);
    List<String> fewerSans = List.of("nginx.phoenix.lan");
    TestCsr sameKeyFewerNames = TestCsr.create(csr.keys(), "nginx.phoenix.lan", fewerSans);

    StepSucceeded second =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", fewerSans, "24h", sameKeyFewerNames.pem()),
            StepSucceeded.Outcome.CREATED);

    assertThat(
            PemCertificates.parse(second.outputs().get("chain")).get(0).getPublicKey().getEncoded())
        .isEqualTo(csr.keys().getPublic().getEncoded());
    assertThat(emulator.issued()).hasSize(2);
  }

  @Test
  void aCertificatePastTwoThirdsOfItsLifetimeIsSignedAnew() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);
    StepSucceeded first =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "1h", csr.pem()),
            StepSucceeded.Outcome.CREATED);
    // The same agent 41 minutes later (tokens keep the real time the CA checks): the 1 h
    // certificate is past its renewal point at 40 min, though still valid.
    PkiAgentFixture later =
        new PkiAgentFixture(
            temp.resolve("agent"),
            Clock.systemUTC(),
            agent.store,
            Clock.offset(Clock.systemUTC(), Duration.ofMinutes(41)));
    PkiAgentFixture earlier =
        new PkiAgentFixture(
            temp.resolve("agent"),
            Clock.systemUTC(),
            agent.store,
            Clock.offset(Clock.systemUTC(), Duration.ofMinutes(38)));

    assertSucceeded(
        earlier.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "1h", csr.pem()),
        StepSucceeded.Outcome.NOOP);
    assertSucceeded(
        later.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "1h", csr.pem(), true),
        StepSucceeded.Outcome.WOULD_CREATE);
    StepSucceeded renewed =
        assertSucceeded(
            later.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "1h", csr.pem()),
            StepSucceeded.Outcome.CREATED);

    assertThat(renewed.outputs().get("serial")).isNotEqualTo(first.outputs().get("serial"));
    assertThat(emulator.issued()).hasSize(2);
  }
}
