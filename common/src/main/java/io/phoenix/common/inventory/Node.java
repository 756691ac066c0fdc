package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Proxmox VE node and the storage ids Phoenix uses on it.
 *
 * @param name the node name, e.g. {@code pve}
 * @param diskStorage storage for guest disks (LXC rootfs, VM disks), e.g. {@code local-lvm}
 * @param templateStorage storage holding LXC templates ({@code vztmpl} content), e.g. {@code local}
 * @param imageStorage storage holding cloud images ({@code import} content), e.g. {@code local}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Node(String name, String diskStorage, String templateStorage, String imageStorage) {}
