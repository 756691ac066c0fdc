package io.phoenix.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepOutcome;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.pki.PkiFailure;
import io.phoenix.simulator.ca.CaHierarchy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The pki-agent against a CA, end to end through its step handlers: the same suite runs against the
 * real step-ca ({@link RealStepCaTest}) and the simulator's emulator ({@link EmulatedStepCaTest}),
 * which is how we know the emulator is faithful where it matters.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class CaContractTest {

  static final List<String> NGINX_SANS = List.of("nginx.phoenix.lan", "10.0.0.101");

  @TempDir Path temp;
  PkiAgentFixture agent;
  CaUnderTest ca;
  String caUrl;

  /** Starts a CA that authorises the JWK provisioner {@code name} with {@code publicJwk}. */
  abstract CaUnderTest startCa(Path directory, String name, String publicJwk) throws Exception;

  @BeforeEach
  void startAgentAndCa() throws Exception {
    agent = new PkiAgentFixture(temp.resolve("agent"), Clock.systemUTC());
    ca = startCa(temp.resolve("ca"), PkiAgentFixture.PROVISIONER, agent.publicJwk());
    caUrl = ca.baseUri().toString();
  }

  @AfterEach
  void stopCa() {
    if (ca != null) {
      ca.stop();
    }
  }

  @Test
  void signsTheGuestsCsrAndTheChainValidatesWithPkixToThePinnedRoot() throws Exception {
    assertSucceeded(
        agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint()), StepSucceeded.Outcome.CREATED);
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);

    StepSucceeded signed =
        assertSucceeded(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", csr.pem()),
            StepSucceeded.Outcome.CREATED);

    List<X509Certificate> chain = PemCertificates.parse(signed.outputs().get("chain"));
    X509Certificate leaf = chain.get(0);
    X509Certificate root = PemCertificates.parse(ca.rootPem()).get(0);
    PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    pkix.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), pkix);
    assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(csr.keys().getPublic().getEncoded());
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=nginx.phoenix.lan");
    assertThat(leaf.getSubjectAlternativeNames())
        .extracting(entry -> (Object) String.valueOf(entry.get(1)))
        .containsExactlyInAnyOrder("nginx.phoenix.lan", "10.0.0.101");
    assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    assertThat(signed.outputs().get("serial")).isEqualTo(leaf.getSerialNumber().toString());
    assertThat(Instant.parse(signed.outputs().get("notAfter")))
        .isEqualTo(leaf.getNotAfter().toInstant());
  }

  @Test
  void leafLifetimeIsTheRequestedOne() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    Instant before = Instant.now();

    StepSucceeded signed =
        assertSucceeded(
            agent.sign(
                caUrl,
                "nginx.phoenix.lan",
                NGINX_SANS,
                "2h",
                TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
            StepSucceeded.Outcome.CREATED);

    Instant notAfter = Instant.parse(signed.outputs().get("notAfter"));
    assertThat(notAfter)
        .isBetween(
            before.plus(Duration.ofHours(2)).minusSeconds(5),
            Instant.now().plus(Duration.ofHours(2)).plusSeconds(5));
  }

  @Test
  void csrAskingForANameTheInventoryDoesNotListIsRefused() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    TestCsr greedy =
        TestCsr.create(
            "nginx.phoenix.lan", List.of("nginx.phoenix.lan", "10.0.0.101", "bank.example.com"));

    StepFailed failed =
        assertFailed(
            agent.sign(caUrl, "nginx.phoenix.lan", NGINX_SANS, "24h", greedy.pem()),
            "CSR_NAMES_NOT_ALLOWED");

    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains("bank.example.com");
  }

  @Test
  void pinRootRefusesARootWhoseFingerprintIsNotTheReportedOne() {
    String otherFingerprint = CaHierarchy.generate("Other", Instant.now()).rootFingerprint();

    StepFailed failed =
        assertFailed(
            agent.pinRoot(caUrl, ca.rootPem(), otherFingerprint), PkiFailure.ROOT_MISMATCH);

    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void caWhoseRootIsNotThePinnedOneFailsWithRootMismatch() {
    CaHierarchy impostor = CaHierarchy.generate("Impostor", Instant.now());

    StepFailed failed =
        assertFailed(
            agent.pinRoot(caUrl, impostor.rootPem(), impostor.rootFingerprint()),
            PkiFailure.ROOT_MISMATCH);

    assertThat(failed.retryable()).isFalse();
    assertThat(failed.message()).contains(impostor.rootFingerprint());
    StepFailed signing =
        assertFailed(
            agent.sign(
                caUrl,
                "nginx.phoenix.lan",
                NGINX_SANS,
                "24h",
                TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
            PkiFailure.ROOT_MISMATCH);
    assertThat(signing.retryable()).isFalse();
  }

  @Test
  void wrongProvisionerKeyIsRejectedForGood() {
    PkiAgentFixture stranger = new PkiAgentFixture(temp.resolve("stranger"), Clock.systemUTC());
    stranger.provision();
    assertSucceeded(
        stranger.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint()), StepSucceeded.Outcome.CREATED);

    StepFailed failed =
        assertFailed(
            stranger.sign(
                caUrl,
                "nginx.phoenix.lan",
                NGINX_SANS,
                "24h",
                TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
            PkiFailure.PROVISIONER_REJECTED);

    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void tokenExpiredByTheTimeItReachesTheCaIsReportedAsSuch() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    // The same key and store, but a clock an hour slow: every token it mints is long expired.
    PkiAgentFixture slowClock =
        new PkiAgentFixture(
            temp.resolve("agent"),
            Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)),
            agent.store);

    StepFailed failed =
        assertFailed(
            slowClock.sign(
                caUrl,
                "nginx.phoenix.lan",
                NGINX_SANS,
                "24h",
                TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
            PkiFailure.TOKEN_EXPIRED);

    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void stoppedCaIsARetryableFailure() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    ca.stop();

    StepFailed signing =
        assertFailed(
            agent.sign(
                caUrl,
                "nginx.phoenix.lan",
                NGINX_SANS,
                "24h",
                TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem()),
            PkiFailure.CA_UNAVAILABLE);
    StepFailed pinning =
        assertFailed(
            agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint()), PkiFailure.CA_UNAVAILABLE);

    assertThat(signing.retryable()).isTrue();
    assertThat(pinning.retryable()).isTrue();
  }

  @Test
  void aOneTimeTokenSignsOnlyOnce() throws Exception {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    ProvisionerKey key = agent.keys.find(PkiAgentFixture.PROVISIONER).orElseThrow();
    PinnedRoot root = PinnedRoot.fromPem(ca.rootPem());
    OneTimeToken.Minted token =
        OneTimeToken.mint(
            key,
            caUrl + "/1.0/sign",
            "nginx.phoenix.lan",
            NGINX_SANS,
            root.fingerprint(),
            Instant.now(),
            Duration.ofMinutes(5));
    TestCsr csr = TestCsr.create("nginx.phoenix.lan", NGINX_SANS);

    try (RawCaCalls raw = new RawCaCalls(ca.baseUri(), root)) {
      assertThat(raw.sign(csr.pem(), token.token())).isEqualTo(201);
      assertThat(raw.sign(csr.pem(), token.token())).isEqualTo(401);
    }
  }

  @Test
  void dryRunSignsNothingAndRepeatedProvisioningKeepsTheKey() {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    String jwk = agent.publicJwk();

    StepOutcome dry =
        agent.sign(
            caUrl,
            "nginx.phoenix.lan",
            NGINX_SANS,
            "24h",
            TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem(),
            true);

    assertSucceeded(dry, StepSucceeded.Outcome.WOULD_CREATE);
    assertThat(((StepSucceeded) dry).outputs()).doesNotContainKey("chain");
    assertThat(agent.publicJwk()).isEqualTo(jwk);
    assertSucceeded(agent.provision(), StepSucceeded.Outcome.NOOP);
    assertSucceeded(
        agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint()), StepSucceeded.Outcome.NOOP);
  }

  @Test
  void noPrivateKeyOrTokenAppearsInOutcomesProgressOrLogs(CapturedOutput output) throws Exception {
    agent.pinRoot(caUrl, ca.rootPem(), ca.rootFingerprint());
    agent.sign(
        caUrl,
        "nginx.phoenix.lan",
        NGINX_SANS,
        "24h",
        TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem());
    agent.sign(
        caUrl,
        "nginx.phoenix.lan",
        NGINX_SANS,
        "24h",
        TestCsr.create("evil", List.of("evil")).pem());
    ca.stop();
    agent.sign(
        caUrl,
        "nginx.phoenix.lan",
        NGINX_SANS,
        "24h",
        TestCsr.create("nginx.phoenix.lan", NGINX_SANS).pem());

    ProvisionerKey key = agent.keys.find(PkiAgentFixture.PROVISIONER).orElseThrow();
    String privateScalar = base64Url(key.privateKey().getS());
    String pkcs8 = Base64.getEncoder().encodeToString(key.encodedPrivateKey());
    StringBuilder everything = new StringBuilder(output.getAll());
    agent.outcomes.forEach(outcome -> everything.append(outcome).append('\n'));
    agent.contexts.forEach(context -> everything.append(context.progress()).append('\n'));
    String text = everything.toString();

    assertThat(agent.outcomes).hasSizeGreaterThanOrEqualTo(5);
    assertThat(text).contains("BEGIN CERTIFICATE");
    assertThat(text)
        .doesNotContain(privateScalar)
        .doesNotContain(pkcs8.substring(0, 40))
        .doesNotContain("PRIVATE KEY")
        .doesNotContain("\"d\":")
        .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.");
  }

  private static String base64Url(BigInteger scalar) {
    byte[] bytes = scalar.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  static StepSucceeded assertSucceeded(StepOutcome outcome, StepSucceeded.Outcome expected) {
    assertThat(outcome).isInstanceOf(StepSucceeded.class);
    StepSucceeded succeeded = (StepSucceeded) outcome;
    assertThat(succeeded.outcome()).isEqualTo(expected);
    return succeeded;
  }

  static StepFailed assertFailed(StepOutcome outcome, String reason) {
    assertThat(outcome).isInstanceOf(StepFailed.class);
    StepFailed failed = (StepFailed) outcome;
    assertThat(failed.reason()).as(failed.message()).isEqualTo(reason);
    return failed;
  }
}
