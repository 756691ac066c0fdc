package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A network volume mounted inside a VM.
 *
 * @param type {@code nfs}
 * @param server the NFS server
 * @param path the export path
 * @param mountPoint where it is mounted in the guest
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Volume(String type, String server, String path, String mountPoint) {}
