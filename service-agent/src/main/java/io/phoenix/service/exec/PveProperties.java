package io.phoenix.service.exec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the agent reaches the Proxmox VE API for the QEMU guest agent (VM exec and files).
 *
 * @param url the API base, e.g. {@code https://pve.example:8006}
 * @param tokenId the API token id, {@code user@realm!tokenid}
 * @param tokenSecretFile a file holding the token's secret (preferred)
 * @param tokenSecret the secret itself, for an environment variable ({@code
 *     PHOENIX_SERVICE_AGENT_PVE_TOKEN_SECRET}); never put it in a committed file
 * @param fingerprint the API's pinned TLS certificate, SHA-256 hex (colons allowed)
 * @param caFile a PEM file of CAs the API's certificate must chain to (instead of a pin)
 * @param insecureTls skip TLS verification (logged loudly at start; for a throwaway lab only)
 * @param pollInterval how often exec-status is polled at first (it backs off to 2 s)
 */
@ConfigurationProperties("phoenix.service-agent.pve")
public record PveProperties(
    URI url,
    String tokenId,
    Path tokenSecretFile,
    String tokenSecret,
    String fingerprint,
    Path caFile,
    boolean insecureTls,
    Duration pollInterval) {

  public PveProperties {
    pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
  }
}
