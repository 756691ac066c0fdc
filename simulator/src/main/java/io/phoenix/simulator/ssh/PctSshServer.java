package io.phoenix.simulator.ssh;

import io.phoenix.simulator.world.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;

/**
 * The simulated Proxmox node's SSH server: key-only authentication, a host key generated at start
 * (its fingerprint and a known_hosts line are available for clients to pin), and exactly the {@code
 * pct exec} / {@code pct push} commands tools use to reach containers.
 */
public final class PctSshServer implements AutoCloseable {

  private final SshServer server;
  private final KeyPair hostKey;
  private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;

  private PctSshServer(World world, String node, String bindAddress, int port) {
    this.hostKey = generateHostKey();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "pct-ssh-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = SshServer.setUpDefaultServer();
    server.setHost(bindAddress);
    server.setPort(port);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            "root".equals(user) && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setCommandFactory((channel, command) -> new PctCommand(world, node, command, executor));
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the simulated node's SSH server", e);
    }
  }

  /**
   * Starts the SSH server of node {@code node} on {@code bindAddress:port} (0 for a free port),
   * serving the containers of {@code world}. Only user {@code root} with an {@link #authorize
   * authorized} key gets in.
   */
  public static PctSshServer start(World world, String node, String bindAddress, int port) {
    return new PctSshServer(world, node, bindAddress, port);
  }

  /** Lets a client key in (like a line of {@code /root/.ssh/authorized_keys}). */
  public void authorize(PublicKey key) {
    authorized.add(key);
  }

  public int port() {
    return server.getPort();
  }

  public String host() {
    return server.getHost();
  }

  /** The host key's fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:...}. */
  public String hostKeyFingerprint() {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
  }

  /** The line for a client's known_hosts file: {@code [host]:port <type> <base64>}. */
  public String knownHostsLine() {
    return "[" + host() + "]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      executor.shutdownNow();
    }
  }

  private static KeyPair generateHostKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** For logs: where it listens. */
  public InetSocketAddress address() {
    return new InetSocketAddress(host(), port());
  }
}
