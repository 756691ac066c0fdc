package io.phoenix.simulator.portainer;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.phoenix.simulator.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Portainer CE API emulator over HTTPS (self-signed, like a fresh Portainer): admin
 * initialisation, login (JWT), environments (agent endpoints) and standalone compose stacks, with
 * Portainer's error behaviour (409 on a second admin init or a taken name, 401 on a bad token, 422
 * on bad credentials, 400 on an invalid payload). Tests inspect it through {@link #environments()},
 * {@link #stacks()} and {@code GET /_sim/portainer}.
 */
public final class PortainerEmulator implements AutoCloseable {

  /**
   * An environment (endpoint).
   *
   * @param id its id
   * @param name its name
   * @param type 1 docker, 2 agent
   * @param url e.g. {@code tcp://10.0.0.102:9001}
   */
  public record Environment(int id, String name, int type, String url) {}

  /**
   * A standalone compose stack.
   *
   * @param id its id
   * @param name its (normalised) name
   * @param endpointId the environment it runs on
   * @param compose the compose file content
   * @param env its environment variables
   * @param version how many times it was deployed (1 on create, +1 per update)
   */
  public record Stack(
      int id, String name, int endpointId, String compose, Map<String, String> env, int version) {}

  private final PortainerState state = new PortainerState();
  private final SelfSignedCertificate certificate;
  private final HttpsServer server;
  private final ExecutorService executor;
  private volatile Predicate<String> agentProbe = url -> true;
  private volatile BiConsumer<Environment, Stack> deployed = (environment, stack) -> {};

  private PortainerEmulator(String bindAddress, int port) {
    certificate = SelfSignedCertificate.generate("portainer", SelfSignedCertificate.localNames());
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "portainer-sim");
              t.setDaemon(true);
              return t;
            });
    try {
      server = HttpsServer.create(new InetSocketAddress(bindAddress, port), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(sslContext(certificate)));
      server.createContext(
          "/", new PortainerApi(state, () -> agentProbe, (e, s) -> deployed.accept(e, s)));
      server.setExecutor(executor);
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Portainer emulator", e);
    }
  }

  /** Starts an emulator on {@code bindAddress:port} (0 for a free port). */
  public static PortainerEmulator start(String bindAddress, int port) {
    return new PortainerEmulator(bindAddress, port);
  }

  /** {@code https://host:port}. */
  public URI baseUri() {
    return URI.create("https://" + server.getAddress().getHostString() + ":" + port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** SHA-256 (lower-case hex) of its TLS certificate, for clients to pin. */
  public String certificateSha256() {
    return certificate.sha256Fingerprint();
  }

  /**
   * Decides whether an agent URL answers when an environment is created (Portainer connects to the
   * agent first); by default every agent answers.
   */
  public void setAgentProbe(Predicate<String> probe) {
    this.agentProbe = probe == null ? url -> true : probe;
  }

  /**
   * Told after every stack create or update, with the environment it runs on, so the simulated
   * world can make the stack's services answer (see {@code effects.StackServices}).
   */
  public void onDeploy(BiConsumer<Environment, Stack> listener) {
    this.deployed = listener == null ? (environment, stack) -> {} : listener;
  }

  public boolean adminInitialised() {
    return state.hasAdmin();
  }

  public List<Environment> environments() {
    return state.environments();
  }

  public List<Stack> stacks() {
    return state.stacks();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static SSLContext sslContext(SelfSignedCertificate certificate) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "portainer-sim".toCharArray();
      store.setKeyEntry(
          "tls", certificate.privateKey(), password, new Certificate[] {certificate.certificate()});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the Portainer emulator's TLS context", e);
    }
  }
}
