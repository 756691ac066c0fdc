package io.phoenix.pki.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {

  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  private final RenewalSchedule schedule = RenewalSchedule.defaults();
  private final IssuedCertificate nginx =
      new IssuedCertificate(101, "nginx", ISSUED, ISSUED.plus(Duration.ofHours(24)));
  private final IssuedCertificate traefik =
      new IssuedCertificate(102, "traefik", ISSUED, ISSUED.plus(Duration.ofHours(48)));

  @Test
  void aCertificateIsDueAfterTwoThirdsOfItsLifetime() {
    List<RenewalState> states = List.of(RenewalState.issued(nginx), RenewalState.issued(traefik));

    RenewalPlan before = schedule.plan(states, ISSUED.plus(Duration.ofHours(15)));
    RenewalPlan after = schedule.plan(states, ISSUED.plus(Duration.ofHours(16)));

    assertThat(before.renewNow()).isEmpty();
    assertThat(before.nextCheck()).hasValue(ISSUED.plus(Duration.ofHours(16)));
    assertThat(after.renewNow()).containsExactly(nginx);
    assertThat(after.guests()).containsExactly(101);
    assertThat(after.nextCheck()).hasValue(ISSUED.plus(Duration.ofHours(32)));
    assertThat(after.warnings()).isEmpty();
  }

  @Test
  void aFailedRenewalWaitsAnExponentialBackoffAndWarns() {
    Instant firstFailure = ISSUED.plus(Duration.ofHours(16));
    RenewalState failedTwice =
        RenewalState.issued(nginx)
            .failed(firstFailure, "CA_UNAVAILABLE")
            .failed(firstFailure.plus(Duration.ofMinutes(1)), "CA_UNAVAILABLE");
    Instant retryAt = firstFailure.plus(Duration.ofMinutes(1)).plus(Duration.ofMinutes(2));

    RenewalPlan waiting = schedule.plan(List.of(failedTwice), retryAt.minusSeconds(1));
    RenewalPlan retrying = schedule.plan(List.of(failedTwice), retryAt);

    assertThat(waiting.renewNow()).isEmpty();
    assertThat(waiting.nextCheck()).hasValue(retryAt);
    assertThat(waiting.warnings())
        .singleElement()
        .asString()
        .contains("101/nginx", "failed 2 times", "CA_UNAVAILABLE", "stays in service until");
    assertThat(retrying.renewNow()).containsExactly(nginx);
  }

  @Test
  void theBackoffDoublesUpToItsCeiling() {
    assertThat(schedule.backoff(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(schedule.backoff(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(schedule.backoff(6)).isEqualTo(Duration.ofMinutes(30));
    assertThat(schedule.backoff(60)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void anOutageLongerThanTheRemainingLifetimeKeepsRetryingAndSaysTheCertificateExpired() {
    RenewalState failing =
        RenewalState.issued(nginx).failed(ISSUED.plus(Duration.ofHours(23)), "CA_UNAVAILABLE");

    RenewalPlan plan = schedule.plan(List.of(failing), ISSUED.plus(Duration.ofHours(25)));

    assertThat(plan.renewNow()).containsExactly(nginx);
    assertThat(plan.warnings()).singleElement().asString().contains("EXPIRED");
  }

  @Test
  void nothingTrackedMeansNothingToDoAndNoNextCheck() {
    RenewalPlan plan = schedule.plan(List.of(), ISSUED);

    assertThat(plan.renewNow()).isEmpty();
    assertThat(plan.nextCheck()).isEmpty();
  }
}
