package io.phoenix.pki;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pki-agent's settings ({@code phoenix.pki.*}).
 *
 * @param secretDir where the encrypted secret store lives (provisioner key, pinned root)
 * @param secretKeyFile a file holding the store's AES-256 key (32 raw bytes or their base64)
 * @param secretKey the store's key in base64; set it through the environment variable {@code
 *     PHOENIX_PKI_SECRET_KEY}, never in a committed file
 * @param allowGeneratedDevKey when no key is given, generate one next to the store (logged as a
 *     warning); for development only
 * @param caUrlOverride replaces the CA address the plan gives ({@code params.caUrl}), e.g. when the
 *     simulated world runs the CA on loopback
 * @param tokenLifetime how long a one-time token is valid (short: it only has to reach the CA)
 * @param caTimeout the longest a call to the CA may take
 * @param renewalCheck how often the renewal trigger looks for certificates past two-thirds of their
 *     lifetime (only when Kafka is configured)
 * @param renewalOverdueWarning how long a certificate may stay past its renewal point before each
 *     check logs a warning (the renewal builds keep failing, e.g. the CA is down)
 */
@ConfigurationProperties("phoenix.pki")
@Validated
public record PkiProperties(
    @NotNull Path secretDir,
    Path secretKeyFile,
    String secretKey,
    @DefaultValue("false") boolean allowGeneratedDevKey,
    URI caUrlOverride,
    @NotNull @DefaultValue("5m") Duration tokenLifetime,
    @NotNull @DefaultValue("30s") Duration caTimeout,
    @NotNull @DefaultValue("5m") Duration renewalCheck,
    @NotNull @DefaultValue("1h") Duration renewalOverdueWarning) {

  public PkiProperties {
    if (tokenLifetime != null && (tokenLifetime.isNegative() || tokenLifetime.isZero())) {
      throw new IllegalArgumentException("phoenix.pki.token-lifetime must be positive");
    }
    if (caTimeout != null && (caTimeout.isNegative() || caTimeout.isZero())) {
      throw new IllegalArgumentException("phoenix.pki.ca-timeout must be positive");
    }
    if (renewalCheck != null && (renewalCheck.isNegative() || renewalCheck.isZero())) {
      throw new IllegalArgumentException("phoenix.pki.renewal-check must be positive");
    }
    if (renewalOverdueWarning != null && renewalOverdueWarning.isNegative()) {
      throw new IllegalArgumentException(
          "phoenix.pki.renewal-overdue-warning must not be negative");
    }
  }

  /** Never prints the secret key. */
  @Override
  public String toString() {
    return "PkiProperties[secretDir=%s, secretKeyFile=%s, secretKey=%s, allowGeneratedDevKey=%s, caUrlOverride=%s, tokenLifetime=%s, caTimeout=%s, renewalCheck=%s, renewalOverdueWarning=%s]"
        .formatted(
            secretDir,
            secretKeyFile,
            secretKey == null ? "unset" : "(hidden)",
            allowGeneratedDevKey,
            caUrlOverride,
            tokenLifetime,
            caTimeout,
            renewalCheck,
            renewalOverdueWarning);
  }
}
