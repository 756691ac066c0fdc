package io.phoenix.proxmox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxmoxPropertiesTest {

  private static ProxmoxProperties settings(
      String url, String tokenId, String user, Path ca, String fingerprint, boolean insecure) {
    return new ProxmoxProperties(
        URI.create(url),
        tokenId,
        null,
        "PROXMOX_TOKEN_SECRET",
        user,
        null,
        "PROXMOX_PASSWORD",
        ca,
        fingerprint,
        insecure,
        null,
        "local-lvm",
        "local");
  }

  @Test
  void acceptsATokenWithAPinAndNormalizesThePin() {
    ProxmoxProperties p =
        settings(
            "https://pve:8006", "root@pam!phoenix", null, null, "AB:".repeat(31) + "AB", false);
    assertThat(p.fingerprint()).isEqualTo("ab".repeat(32));
    assertThat(p.tokenAuth()).isTrue();
    assertThat(p.timeouts().keepAlive()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void refusesPlainHttp() {
    assertThatThrownBy(() -> settings("http://pve:8006", "root@pam!x", null, null, null, false))
        .hasMessageContaining("phoenix.proxmox.url must be an https:// address");
  }

  @Test
  void wantsExactlyOneWayToAuthenticate() {
    assertThatThrownBy(() -> settings("https://pve:8006", null, null, null, null, false))
        .hasMessageContaining("set exactly one of phoenix.proxmox.token-id");
    assertThatThrownBy(
            () -> settings("https://pve:8006", "root@pam!x", "root@pam", null, null, false))
        .hasMessageContaining("set exactly one of phoenix.proxmox.token-id");
    assertThatThrownBy(() -> settings("https://pve:8006", "root!x", null, null, null, false))
        .hasMessageContaining("user@realm!tokenid");
  }

  @Test
  void refusesContradictoryTlsSettings() {
    assertThatThrownBy(
            () ->
                settings(
                    "https://pve:8006",
                    "root@pam!x",
                    null,
                    Path.of("/etc/pve/pve-root-ca.pem"),
                    "ab".repeat(32),
                    false))
        .hasMessageContaining(
            "only one of phoenix.proxmox.ca-file and phoenix.proxmox.fingerprint");
    assertThatThrownBy(
            () -> settings("https://pve:8006", "root@pam!x", null, null, "ab".repeat(32), true))
        .hasMessageContaining("insecure=true");
    assertThatThrownBy(() -> settings("https://pve:8006", "root@pam!x", null, null, "abc", false))
        .hasMessageContaining("64 hex digits");
  }

  @Test
  void keepsPooledConnectionsBelowTheServersFiveSeconds() {
    assertThatThrownBy(
            () ->
                new ProxmoxProperties.Timeouts(
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(30),
                    Map.of(),
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(60),
                    4,
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(90)))
        .hasMessageContaining("keep-alive must stay below 5s");
  }

  @Test
  void choosesTheTaskLimitByType() {
    ProxmoxProperties.Timeouts t =
        new ProxmoxProperties.Timeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(4),
            Duration.ofSeconds(1),
            Duration.ofMinutes(30),
            Map.of("vzclone", Duration.ofHours(2)),
            Duration.ofMinutes(10),
            Duration.ofMinutes(5),
            Duration.ofSeconds(60),
            4,
            Duration.ofSeconds(1),
            Duration.ofMinutes(90));
    assertThat(t.task("vzclone")).isEqualTo(Duration.ofHours(2));
    assertThat(t.task("vzstart")).isEqualTo(Duration.ofMinutes(30));
  }
}
