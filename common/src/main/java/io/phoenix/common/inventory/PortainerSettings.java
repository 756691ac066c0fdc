package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The Portainer control plane.
 *
 * @param server the guest that runs the Portainer server
 * @param port the server's HTTPS API port, default 9443
 * @param agentPort the port Portainer agents listen on, default 9001
 * @param adminUser the admin user the service agent initialises (its password is generated and kept
 *     in the agent's secret store, never in the inventory)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortainerSettings(int server, Integer port, Integer agentPort, String adminUser) {}
