package io.phoenix.service.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the agent reaches Proxmox nodes over SSH to run {@code pct exec} in containers.
 *
 * @param user the node user (needs {@code pct}; usually {@code root})
 * @param port the SSH port (default 22)
 * @param identityFile the private key the agent authenticates with (key-based auth only)
 * @param knownHostsFile an OpenSSH {@code known_hosts} file the node's host key must be in
 * @param hostKeyFingerprint instead of (or besides) known_hosts: the node's pinned host key, as
 *     {@code ssh-keygen -lf} prints it ({@code SHA256:...})
 * @param hosts node name to address (host name or IP); a node not listed is reached by its name
 * @param connectTimeout how long connecting and authenticating may take (default 15 s)
 */
@ConfigurationProperties("phoenix.service-agent.ssh")
public record SshProperties(
    String user,
    Integer port,
    Path identityFile,
    Path knownHostsFile,
    String hostKeyFingerprint,
    Map<String, String> hosts,
    Duration connectTimeout) {

  public SshProperties {
    user = user == null || user.isBlank() ? "root" : user;
    port = port == null ? 22 : port;
    hosts = hosts == null ? Map.of() : Map.copyOf(hosts);
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(15) : connectTimeout;
  }

  /** The address of {@code node}. */
  public String hostOf(String node) {
    return hosts.getOrDefault(node, node);
  }
}
