package io.phoenix.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phoenix.pki.PkiFailure;
import io.phoenix.simulator.ca.StepCaEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepCaClientTest {

  @Test
  void aCaWhoseCertificateDoesNotNameTheHostIsATlsFailureNotAnOutage() {
    // The CA is reached at 127.0.0.1 but its TLS certificate only names "localhost".
    try (StepCaEmulator ca =
            StepCaEmulator.start(
                StepCaEmulator.Settings.loopback().withDnsNames(List.of("localhost")));
        StepCaClient client =
            new StepCaClient(
                URI.create("https://127.0.0.1:" + ca.port()),
                PinnedRoot.fromPem(ca.rootPem()),
                Duration.ofSeconds(10))) {

      assertThatThrownBy(client::health)
          .isInstanceOfSatisfying(
              PkiFailure.class,
              failure -> {
                assertThat(failure.reason()).isEqualTo(PkiFailure.TLS_FAILED);
                assertThat(failure.retryable()).isFalse();
              });
    }
  }

  @Test
  void theSignAudienceIsTheCasOriginWithoutAnyPath() {
    try (StepCaClient client =
        new StepCaClient(
            URI.create("https://10.0.0.103:9000/some/path"),
            PinnedRoot.fromPem(
                io.phoenix.simulator.ca.CaHierarchy.generate("A", java.time.Instant.now())
                    .rootPem()),
            Duration.ofSeconds(1))) {

      assertThat(client.signUrl()).isEqualTo("https://10.0.0.103:9000/1.0/sign");
    }
  }
}
