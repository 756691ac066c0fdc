package io.phoenix.pki.ca;

import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link StepCaClient}s: the CA's address is the plan's {@code params.caUrl} (the real-world
 * address of guest 103) unless {@code phoenix.pki.ca-url-override} replaces it, as in the simulated
 * world where the CA runs on loopback.
 */
public final class CaConnector {

  private static final Logger log = LoggerFactory.getLogger(CaConnector.class);

  private final URI override;
  private final Duration timeout;

  public CaConnector(URI override, Duration timeout) {
    this.override = override;
    this.timeout = timeout;
    if (override != null) {
      log.info("the CA address of every command is replaced by {}", override);
    }
  }

  /** The address to use for a command whose params name {@code caUrl}. */
  public URI resolve(String caUrl) {
    if (override != null) {
      return override;
    }
    if (caUrl == null || caUrl.isBlank()) {
      throw new IllegalArgumentException(
          "params.caUrl is missing: the plan must give the CA's https URL (e.g."
              + " https://10.0.0.103:9000)");
    }
    URI uri;
    try {
      uri = URI.create(caUrl.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("params.caUrl '" + caUrl + "' is not a URL");
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "params.caUrl '" + caUrl + "' must be an https URL with a host");
    }
    return uri;
  }

  /** A client for the CA at {@code caUrl}, trusting only {@code root}. */
  public StepCaClient connect(String caUrl, PinnedRoot root) {
    return new StepCaClient(resolve(caUrl), root, timeout);
  }
}
