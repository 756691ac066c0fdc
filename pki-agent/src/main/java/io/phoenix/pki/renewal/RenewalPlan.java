package io.phoenix.pki.renewal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@link RenewalSchedule#plan} decided at one instant.
 *
 * @param renewNow certificates to renew now (through a renewal build)
 * @param nextCheck the earliest instant something else becomes due, empty when nothing is tracked
 * @param warnings one line per certificate whose renewal keeps failing or that has expired
 */
public record RenewalPlan(
    List<IssuedCertificate> renewNow, Optional<Instant> nextCheck, List<String> warnings) {

  public RenewalPlan {
    renewNow = List.copyOf(renewNow);
    warnings = List.copyOf(warnings);
  }

  /** The guests a renewal build must cover, ascending. */
  public List<Integer> guests() {
    TreeSet<Integer> guests = new TreeSet<>();
    renewNow.forEach(certificate -> guests.add(certificate.guest()));
    return List.copyOf(guests);
  }
}
