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
    @NotNull @DefaultValue("30s") Duration caTimeout) {

  public PkiProperties {
    if (tokenLifetime != null && (tokenLifetime.isNegative() || tokenLifetime.isZero())) {
      throw new IllegalArgumentException("phoenix.pki.token-lifetime must be positive");
    }
    if (caTimeout != null && (caTimeout.isNegative() || caTimeout.isZero())) {
      throw new IllegalArgumentException("phoenix.pki.ca-timeout must be positive");
    }
  }

  /** Never prints the secret key. */
  @Override
  public String toString() {
    return "PkiProperties[secretDir=%s, secretKeyFile=%s, secretKey=%s, allowGeneratedDevKey=%s, caUrlOverride=%s, tokenLifetime=%s, caTimeout=%s]"
        .formatted(
            secretDir,
            secretKeyFile,
            secretKey == null ? "unset" : "(hidden)",
            allowGeneratedDevKey,
            caUrlOverride,
            tokenLifetime,
            caTimeout);
  }
}
