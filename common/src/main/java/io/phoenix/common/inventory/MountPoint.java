package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A host path bind-mounted into a container ({@code mp0}, ...).
 *
 * @param hostPath the path on the node
 * @param containerPath the path in the container
 * @param readOnly whether the mount is read-only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MountPoint(String hostPath, String containerPath, Boolean readOnly) {}
