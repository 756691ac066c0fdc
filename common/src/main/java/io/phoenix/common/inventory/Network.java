package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A bridge and the subnet behind it.
 *
 * @param bridge the Linux bridge, e.g. {@code vmbr0}
 * @param cidr the subnet, e.g. {@code 10.0.0.0/24}
 * @param gateway the default gateway on it, e.g. {@code 10.0.0.1}
 * @param nameserver the DNS server guests on it use by default, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Network(String bridge, String cidr, String gateway, String nameserver) {}
