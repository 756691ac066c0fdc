package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A service a guest exposes through the gateway and the internal mesh.
 *
 * @param name the route name, e.g. {@code portainer}
 * @param port the port it listens on in the guest
 * @param scheme {@code http} or {@code https}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExposedService(String name, int port, String scheme) {}
