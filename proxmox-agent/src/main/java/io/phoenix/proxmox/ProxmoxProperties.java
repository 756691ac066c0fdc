package io.phoenix.proxmox;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the agent reaches Proxmox VE ({@code phoenix.proxmox.*}); see {@code docs/proxmox-agent.md}.
 *
 * <p>Secrets are never values of these settings: they are read from a file or from an environment
 * variable whose name is a setting, so they do not show up in the Spring environment or actuator.
 *
 * @param url the API base, e.g. {@code https://pve.example:8006} (the client appends {@code
 *     /api2/json})
 * @param tokenId API token id {@code user@realm!tokenid}; set this or {@code user}
 * @param tokenSecretFile file holding the token secret (first line)
 * @param tokenSecretEnv environment variable holding the token secret when no file is set
 * @param user user for ticket auth, e.g. {@code root@pam}
 * @param passwordFile file holding the user's password (first line)
 * @param passwordEnv environment variable holding the password when no file is set
 * @param caFile PEM file of the CA (or the self-signed certificate) that signed the server's
 *     certificate
 * @param fingerprint pinned SHA-256 fingerprint of the server certificate (hex, colons optional)
 * @param insecure turn TLS verification off (logged as a warning at start)
 * @param timeouts HTTP, task and wait limits
 * @param defaultStorage disk storage when neither the guest nor the node names one
 * @param imageStorage storage holding cloud images ({@code import} content) when the command's node
 *     does not name one
 */
@Validated
@ConfigurationProperties("phoenix.proxmox")
public record ProxmoxProperties(
    @NotNull URI url,
    String tokenId,
    Path tokenSecretFile,
    @DefaultValue("PROXMOX_TOKEN_SECRET") String tokenSecretEnv,
    String user,
    Path passwordFile,
    @DefaultValue("PROXMOX_PASSWORD") String passwordEnv,
    Path caFile,
    String fingerprint,
    boolean insecure,
    @DefaultValue Timeouts timeouts,
    @DefaultValue("local-lvm") String defaultStorage,
    @DefaultValue("local") String imageStorage) {

  public ProxmoxProperties {
    if (url != null && !"https".equalsIgnoreCase(url.getScheme())) {
      throw new IllegalArgumentException(
          "phoenix.proxmox.url must be an https:// address (Proxmox serves its API on"
              + " https://HOST:8006), got '"
              + url
              + "'");
    }
    fingerprint = fingerprint == null || fingerprint.isBlank() ? null : fingerprint;
    boolean token = tokenId != null && !tokenId.isBlank();
    boolean ticket = user != null && !user.isBlank();
    if (token == ticket) {
      throw new IllegalArgumentException(
          "set exactly one of phoenix.proxmox.token-id (API token, e.g. root@pam!phoenix) or"
              + " phoenix.proxmox.user (ticket auth, e.g. root@pam)");
    }
    if (token && !tokenId.matches("[^@!\\s]+@[^@!\\s]+![A-Za-z][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "phoenix.proxmox.token-id must look like user@realm!tokenid, got '" + tokenId + "'");
    }
    int verification = (caFile != null ? 1 : 0) + (fingerprint != null ? 1 : 0);
    if (verification > 1) {
      throw new IllegalArgumentException(
          "set only one of phoenix.proxmox.ca-file and phoenix.proxmox.fingerprint");
    }
    if (insecure && verification > 0) {
      throw new IllegalArgumentException(
          "phoenix.proxmox.insecure=true turns TLS verification off; remove it, or remove ca-file"
              + " / fingerprint");
    }
    if (fingerprint != null) {
      fingerprint = normalizeFingerprint(fingerprint);
    }
    timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
    defaultStorage =
        defaultStorage == null || defaultStorage.isBlank() ? "local-lvm" : defaultStorage;
    imageStorage = imageStorage == null || imageStorage.isBlank() ? "local" : imageStorage;
  }

  /** Whether the agent authenticates with an API token (else with a ticket). */
  public boolean tokenAuth() {
    return tokenId != null && !tokenId.isBlank();
  }

  static String normalizeFingerprint(String value) {
    String hex = value.replace(":", "").trim().toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "phoenix.proxmox.fingerprint must be a SHA-256 fingerprint (64 hex digits, colons"
              + " allowed), as shown by Datacenter > Node > System > Certificates");
    }
    return hex;
  }

  /**
   * Limits of every kind of wait.
   *
   * @param connect TCP/TLS connect timeout
   * @param read socket read timeout of one HTTP call (Proxmox's proxy answers 596 after about 30 s)
   * @param write socket write timeout
   * @param keepAlive how long an idle pooled connection is kept; below the server's 5 s
   * @param taskPoll interval between task status polls
   * @param task how long to wait for a task to finish, unless {@code tasks} names its type
   * @param tasks per task type ({@code vzclone}, {@code qmstart}, {@code download}...) wait limits
   * @param lock how long to wait for a guest's lock to clear (clones of one source queue here)
   * @param guestAgent how long a started VM's guest agent has to answer a ping
   * @param shutdown how long a guest has to shut down cleanly before it is stopped hard
   * @param transientRetries how often a transient failure (5xx, 596, connection) is retried
   * @param retryBackoff first pause between retries (doubles each time, at most 30 s)
   * @param ticketRenewal age after which a login ticket is renewed (tickets last 2 h)
   */
  public record Timeouts(
      @DefaultValue("10s") Duration connect,
      @DefaultValue("60s") Duration read,
      @DefaultValue("60s") Duration write,
      @DefaultValue("4s") Duration keepAlive,
      @DefaultValue("1s") Duration taskPoll,
      @DefaultValue("30m") Duration task,
      Map<String, Duration> tasks,
      @DefaultValue("10m") Duration lock,
      @DefaultValue("5m") Duration guestAgent,
      @DefaultValue("60s") Duration shutdown,
      @DefaultValue("4") int transientRetries,
      @DefaultValue("1s") Duration retryBackoff,
      @DefaultValue("90m") Duration ticketRenewal) {

    public Timeouts {
      tasks = tasks == null ? Map.of() : Map.copyOf(tasks);
      if (keepAlive != null && keepAlive.compareTo(Duration.ofSeconds(5)) >= 0) {
        throw new IllegalArgumentException(
            "phoenix.proxmox.timeouts.keep-alive must stay below 5s (Proxmox closes idle"
                + " connections after 5 s; a reused dead connection would fail a POST)");
      }
      if (ticketRenewal != null && ticketRenewal.compareTo(Duration.ofHours(2)) >= 0) {
        throw new IllegalArgumentException(
            "phoenix.proxmox.timeouts.ticket-renewal must be below 2h (tickets expire after 2 h)");
      }
      if (transientRetries < 0) {
        throw new IllegalArgumentException(
            "phoenix.proxmox.timeouts.transient-retries must be 0 or more");
      }
    }

    /** The defaults, as documented. */
    public static Timeouts defaults() {
      return new Timeouts(
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          Duration.ofSeconds(4),
          Duration.ofSeconds(1),
          Duration.ofMinutes(30),
          Map.of(),
          Duration.ofMinutes(10),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60),
          4,
          Duration.ofSeconds(1),
          Duration.ofMinutes(90));
    }

    /** The wait limit of a task of {@code type}. */
    public Duration task(String type) {
      return tasks.getOrDefault(type, task);
    }
  }
}
