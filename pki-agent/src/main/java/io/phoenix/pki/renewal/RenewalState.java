package io.phoenix.pki.renewal;

import java.time.Instant;

/**
 * A certificate and the failed renewal attempts since it was issued.
 *
 * @param certificate the certificate in service
 * @param failedAttempts renewals that failed since it was issued (0 when none)
 * @param lastFailure when the last one failed, null when none
 * @param lastFailureReason the last failure's reason code (e.g. {@code CA_UNAVAILABLE}), or null
 */
public record RenewalState(
    IssuedCertificate certificate,
    int failedAttempts,
    Instant lastFailure,
    String lastFailureReason) {

  public RenewalState {
    if (failedAttempts < 0 || (failedAttempts > 0) != (lastFailure != null)) {
      throw new IllegalArgumentException(
          "failedAttempts and lastFailure disagree for " + certificate.label());
    }
  }

  /** A certificate just issued: no failed renewals yet. */
  public static RenewalState issued(IssuedCertificate certificate) {
    return new RenewalState(certificate, 0, null, null);
  }

  /** This state after one more failed renewal. */
  public RenewalState failed(Instant at, String reason) {
    return new RenewalState(certificate, failedAttempts + 1, at, reason);
  }
}
