package io.phoenix.service.exec;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated SSH session per Proxmox node, opened on first use and reopened when it broke.
 * The node's host key must match the known_hosts file or the pinned fingerprint: an unknown or
 * changed key is refused, never accepted on first use.
 */
final class NodeSessions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeSessions.class);

  private final SshProperties properties;
  private final SshClient client;
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();

  NodeSessions(SshProperties properties) {
    this.properties = properties;
    if (properties.knownHostsFile() == null && properties.hostKeyFingerprint() == null) {
      throw new IllegalStateException(
          "SSH to the Proxmox nodes needs a host key check: set"
              + " phoenix.service-agent.ssh.known-hosts-file or"
              + " phoenix.service-agent.ssh.host-key-fingerprint");
    }
    if (properties.identityFile() == null || !Files.isReadable(properties.identityFile())) {
      throw new IllegalStateException(
          "SSH to the Proxmox nodes needs a private key: set phoenix.service-agent.ssh.identity-file"
              + " to a readable key file (got "
              + properties.identityFile()
              + ")");
    }
    client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(verifier(properties));
    client.setKeyIdentityProvider(new FileKeyPairProvider(properties.identityFile()));
    CoreModuleProperties.PREFERRED_AUTHS.set(client, "publickey");
    client.setUserInteraction(null);
    client.start();
  }

  private static ServerKeyVerifier verifier(SshProperties properties) {
    ServerKeyVerifier pinned =
        properties.hostKeyFingerprint() == null
            ? RejectAllServerKeyVerifier.INSTANCE
            : new PinnedKey(properties.hostKeyFingerprint());
    if (properties.knownHostsFile() == null) {
      return pinned;
    }
    // Known hosts first; a host it does not list may still match the pinned key.
    return new KnownHostsServerKeyVerifier(pinned, properties.knownHostsFile());
  }

  /** An open, authenticated session to {@code node}. */
  ClientSession session(String node) throws IOException {
    ClientSession session = sessions.get(node);
    if (session != null && session.isOpen() && session.isAuthenticated()) {
      return session;
    }
    synchronized (this) {
      session = sessions.get(node);
      if (session != null && session.isOpen() && session.isAuthenticated()) {
        return session;
      }
      if (session != null) {
        session.close(true);
      }
      String host = properties.hostOf(node);
      ClientSession opened =
          client
              .connect(properties.user(), host, properties.port())
              .verify(properties.connectTimeout())
              .getSession();
      try {
        opened.auth().verify(properties.connectTimeout());
      } catch (IOException e) {
        opened.close(true);
        throw e;
      }
      log.info("SSH session to node {} ({}:{}) opened", node, host, properties.port());
      sessions.put(node, opened);
      return opened;
    }
  }

  /** Forgets a session that failed, so the next call opens a new one. */
  void discard(String node) {
    ClientSession session = sessions.remove(node);
    if (session != null) {
      session.close(true);
    }
  }

  @Override
  public void close() {
    sessions.values().forEach(s -> s.close(true));
    sessions.clear();
    client.stop();
  }

  /** Accepts exactly one host key, given as its OpenSSH SHA-256 fingerprint. */
  private record PinnedKey(String fingerprint) implements ServerKeyVerifier {
    @Override
    public boolean verifyServerKey(
        ClientSession session, SocketAddress remote, PublicKey serverKey) {
      String actual = KeyUtils.getFingerPrint(BuiltinDigests.sha256, serverKey);
      boolean matches = fingerprint.trim().equals(actual);
      if (!matches) {
        log.warn("refused host key {} of {}: the pinned key is {}", actual, remote, fingerprint);
      }
      return matches;
    }
  }
}
