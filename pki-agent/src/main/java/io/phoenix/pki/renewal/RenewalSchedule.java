package io.phoenix.pki.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides which certificates to renew, as a pure function of what was issued, the failed attempts
 * and the time — no clock, no Kafka, no CA.
 *
 * <p>A certificate is due once {@code threshold} (two-thirds by default) of its lifetime has
 * passed, the way step's renewal daemon works: a 24 h certificate renews after 16 h, leaving 8 h to
 * survive a CA outage. After a failed renewal the next attempt waits an exponential backoff ({@code
 * firstRetry}, doubling, at most {@code maxRetry}) and the plan carries a warning. Nothing here
 * ever removes or replaces a certificate: the one in service stays until a renewal succeeds, so a
 * CA outage delays renewal but never breaks what works.
 */
public final class RenewalSchedule {

  private final double threshold;
  private final Duration firstRetry;
  private final Duration maxRetry;

  /**
   * @param threshold the fraction of the lifetime after which a certificate is due, in (0, 1)
   * @param firstRetry the wait after the first failed renewal
   * @param maxRetry the longest wait between attempts
   */
  public RenewalSchedule(double threshold, Duration firstRetry, Duration maxRetry) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("renewal threshold must be in (0, 1), got " + threshold);
    }
    if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("need 0 < firstRetry <= maxRetry");
    }
    this.threshold = threshold;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
  }

  /** Two-thirds of the lifetime; retries after 1 min, doubling up to 30 min. */
  public static RenewalSchedule defaults() {
    return new RenewalSchedule(2.0 / 3.0, Duration.ofMinutes(1), Duration.ofMinutes(30));
  }

  /** When {@code certificate} becomes due for renewal. */
  public Instant renewAt(IssuedCertificate certificate) {
    return certificate.pointInLife(threshold);
  }

  /** The wait after the {@code failures}-th failed attempt (1-based). */
  public Duration backoff(int failures) {
    Duration wait = firstRetry;
    for (int i = 1; i < failures && wait.compareTo(maxRetry) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
  }

  /** Which of {@code states} to renew at {@code now}, and when to look again. */
  public RenewalPlan plan(Collection<RenewalState> states, Instant now) {
    List<IssuedCertificate> due = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Instant next = null;
    List<RenewalState> ordered = new ArrayList<>(states);
    ordered.sort(
        Comparator.comparingInt((RenewalState s) -> s.certificate().guest())
            .thenComparing(s -> s.certificate().name()));
    for (RenewalState state : ordered) {
      IssuedCertificate certificate = state.certificate();
      Instant dueAt = renewAt(certificate);
      if (state.failedAttempts() > 0) {
        Instant retryAt = state.lastFailure().plus(backoff(state.failedAttempts()));
        dueAt = retryAt.isAfter(dueAt) ? retryAt : dueAt;
        warnings.add(warning(state, now, dueAt));
      }
      if (!now.isBefore(dueAt)) {
        due.add(certificate);
      } else if (next == null || dueAt.isBefore(next)) {
        next = dueAt;
      }
    }
    return new RenewalPlan(due, Optional.ofNullable(next), warnings);
  }

  private static String warning(RenewalState state, Instant now, Instant nextAttempt) {
    IssuedCertificate certificate = state.certificate();
    String head =
        "renewal of certificate "
            + certificate.label()
            + " failed "
            + state.failedAttempts()
            + (state.failedAttempts() == 1 ? " time" : " times")
            + (state.lastFailureReason() == null ? "" : " (" + state.lastFailureReason() + ")");
    if (!now.isBefore(certificate.notAfter())) {
      return head
          + "; the certificate EXPIRED at "
          + certificate.notAfter()
          + "; next attempt at "
          + nextAttempt;
    }
    return head
        + "; the current certificate stays in service until "
        + certificate.notAfter()
        + " ("
        + Duration.between(now, certificate.notAfter()).toMinutes()
        + " min left); next attempt at "
        + nextAttempt;
  }
}
