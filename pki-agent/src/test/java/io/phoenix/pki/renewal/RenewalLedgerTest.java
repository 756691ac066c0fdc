package io.phoenix.pki.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepFailed;
import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.simulator.ca.CaHierarchy;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenewalLedgerTest {

  private static final Instant ISSUED = Instant.parse("2026-11-26T00:00:00Z");
  private final CaHierarchy ca = CaHierarchy.generate("Ledger", ISSUED.minus(Duration.ofDays(1)));

  @Test
  void signOutcomesFromTheEventLogBecomeRenewalStates() throws Exception {
    RenewalLedger ledger = new RenewalLedger();
    Instant at = ISSUED.plus(Duration.ofHours(16));

    ledger.record("101/sign/nginx", succeeded(chain(ISSUED, Duration.ofHours(24))), ISSUED);
    ledger.record("101/csr/nginx", new StepFailed("EXEC_FAILED", "x", true, Map.of()), at);
    ledger.record("101/sign/nginx", new StepFailed("CA_UNAVAILABLE", "down", true, Map.of()), at);
    ledger.record("102/sign/traefik", new StepFailed("CA_UNAVAILABLE", "down", true, Map.of()), at);

    assertThat(ledger.states()).hasSize(1);
    RenewalState nginx = ledger.state("101/sign/nginx").orElseThrow();
    assertThat(nginx.certificate().guest()).isEqualTo(101);
    assertThat(nginx.certificate().name()).isEqualTo("nginx");
    assertThat(nginx.certificate().notAfter()).isEqualTo(ISSUED.plus(Duration.ofHours(24)));
    assertThat(nginx.failedAttempts()).isEqualTo(1);
    assertThat(nginx.lastFailureReason()).isEqualTo("CA_UNAVAILABLE");
  }

  @Test
  void aSuccessfulRenewalStartsTheCertificateAfresh() throws Exception {
    RenewalLedger ledger = new RenewalLedger();
    Instant renewed = ISSUED.plus(Duration.ofHours(17));
    ledger.record("101/sign/nginx", succeeded(chain(ISSUED, Duration.ofHours(24))), ISSUED);
    ledger.record(
        "101/sign/nginx",
        new StepFailed("CA_UNAVAILABLE", "down", true, Map.of()),
        ISSUED.plus(Duration.ofHours(16)));

    ledger.record("101/sign/nginx", succeeded(chain(renewed, Duration.ofHours(24))), renewed);

    RenewalState nginx = ledger.state("101/sign/nginx").orElseThrow();
    assertThat(nginx.failedAttempts()).isZero();
    assertThat(nginx.certificate().notBefore()).isEqualTo(renewed);
    assertThat(RenewalSchedule.defaults().plan(ledger.states(), renewed).renewNow()).isEmpty();
  }

  private static StepSucceeded succeeded(String chain) {
    return new StepSucceeded(
        StepSucceeded.Outcome.CREATED, List.of(), Map.of("chain", chain, "serial", "1"), 10);
  }

  private String chain(Instant notBefore, Duration lifetime) throws Exception {
    X509Certificate leaf =
        ca.issueLeaf(
            "nginx.phoenix.lan",
            List.of("nginx.phoenix.lan"),
            CaHierarchy.newEcKeyPair().getPublic(),
            notBefore,
            notBefore.plus(lifetime));
    return CaHierarchy.pem(leaf) + ca.intermediatePem();
  }
}
