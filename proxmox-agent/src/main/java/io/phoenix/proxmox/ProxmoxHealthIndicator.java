package io.phoenix.proxmox;

import io.phoenix.proxmox.client.PveClient;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Readiness of the proxmox-agent: up while the Proxmox VE API answers {@code GET /version} with the
 * configured credentials and TLS verification (bean name {@code proxmox}, in the readiness group by
 * {@code application.yml}). One GET, not retried and bounded by the connect timeout, so a hanging
 * server makes the check fail fast instead of holding the health endpoint.
 */
@Component("proxmox")
class ProxmoxHealthIndicator extends AbstractHealthIndicator {

  private final PveClient client;

  ProxmoxHealthIndicator(PveClient client) {
    super("Proxmox VE API is not reachable");
    this.client = client;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    JsonNode version = client.probe("/version");
    builder.up().withDetail("version", version.path("version").asString(""));
  }
}
