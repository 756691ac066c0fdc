package io.phoenix.proxmox;

import java.net.URI;

/** Agent settings for tests that build a client by hand: an API token, and the given TLS pin. */
public final class TestSettings {

  private TestSettings() {}

  /**
   * Token auth against {@code url}, pinned to {@code fingerprint} (or, when null, with TLS
   * verification off, for an address nothing listens on).
   */
  public static ProxmoxProperties token(
      URI url, String tokenId, String fingerprint, ProxmoxProperties.Timeouts timeouts) {
    return new ProxmoxProperties(
        url,
        tokenId,
        null,
        "UNUSED",
        null,
        null,
        "UNUSED",
        null,
        fingerprint,
        fingerprint == null,
        timeouts,
        "local-lvm",
        "local");
  }
}
