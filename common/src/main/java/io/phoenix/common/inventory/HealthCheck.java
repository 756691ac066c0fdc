package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to tell that a guest's service works, run inside the guest.
 *
 * @param command a shell command that exits 0 when healthy, e.g. {@code systemctl is-active nginx}
 * @param timeout how long to keep trying, e.g. {@code 60s}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheck(String command, String timeout) {}
