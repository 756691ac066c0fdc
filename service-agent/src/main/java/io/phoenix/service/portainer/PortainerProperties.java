package io.phoenix.service.portainer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the agent reaches Portainer and where it keeps the admin password.
 *
 * @param url the Portainer API base when it differs from what the command says ({@code
 *     params.portainer.url}, else {@code https://<server guest address>:<port>}); e.g. the
 *     simulator's emulator
 * @param fingerprint Portainer's pinned TLS certificate (SHA-256 hex): Portainer serves a
 *     self-signed certificate unless it was given one
 * @param caFile a PEM CA file Portainer's certificate chains to (e.g. the internal CA's root)
 * @param insecureTls skip TLS verification (logged at start; a throwaway lab only)
 * @param secretsDir the agent's secret store directory (the admin password lives there, mode 600)
 * @param timeout HTTP call timeout (default 30 s; a stack deploy pulls images)
 */
@ConfigurationProperties("phoenix.service-agent.portainer")
public record PortainerProperties(
    URI url,
    String fingerprint,
    Path caFile,
    boolean insecureTls,
    Path secretsDir,
    Duration timeout) {

  public PortainerProperties {
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
  }
}
