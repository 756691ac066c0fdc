package io.phoenix.service.features;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deadlines of feature scripts.
 *
 * @param checkDeadline how long {@code check} may run (default 2 min)
 * @param verifyDeadline how long {@code verify} may run, its own bounded waits included (default 3
 *     min)
 * @param applyDeadline how long {@code apply} may run (default 20 min: package installs)
 */
@ConfigurationProperties("phoenix.service-agent.features")
public record FeatureProperties(
    Duration checkDeadline, Duration verifyDeadline, Duration applyDeadline) {

  public FeatureProperties {
    checkDeadline = checkDeadline == null ? Duration.ofMinutes(2) : checkDeadline;
    verifyDeadline = verifyDeadline == null ? Duration.ofMinutes(3) : verifyDeadline;
    applyDeadline = applyDeadline == null ? Duration.ofMinutes(20) : applyDeadline;
  }

  public static FeatureProperties defaults() {
    return new FeatureProperties(null, null, null);
  }
}
