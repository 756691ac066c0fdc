package io.phoenix.simulator.ca;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A step-ca-compatible certificate authority over HTTPS: the CA that guest 103 runs, for the
 * simulated world and the tests.
 *
 * <p>It generates its own root and intermediate (EC P-256), serves TLS with a certificate from
 * them, and answers step-ca's API with step-ca's JSON shapes, status codes and messages: {@code GET
 * /health}, {@code /roots.pem}, {@code /root/{sha256}}, {@code /provisioners}, and {@code POST
 * /1.0/sign} (also {@code /sign}) with JWK one-time-token validation and replay protection. The
 * certificates it issues are real X.509, valid for the requested lifetime up to {@link
 * Settings#maxLifetime()}.
 */
public final class StepCaEmulator implements AutoCloseable {

  /**
   * How the emulator runs.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, 0 for any free one
   * @param dnsNames the CA's names (step-ca's {@code dnsNames}): in its TLS certificate and the
   *     token audiences it accepts
   * @param defaultLifetime a leaf's lifetime when the request names none
   * @param maxLifetime the longest lifetime it grants
   * @param clock the CA's clock (validity periods, token expiry)
   */
  public record Settings(
      String host,
      int port,
      List<String> dnsNames,
      Duration defaultLifetime,
      Duration maxLifetime,
      Clock clock) {

    public Settings {
      Objects.requireNonNull(host, "host");
      dnsNames = List.copyOf(dnsNames);
      if (dnsNames.isEmpty()) {
        throw new IllegalArgumentException("the CA needs at least one DNS name or IP");
      }
    }

    /** Loopback on a free port, names {@code localhost} and {@code 127.0.0.1}, 24 h default. */
    public static Settings loopback() {
      return new Settings(
          "127.0.0.1",
          0,
          List.of("localhost", "127.0.0.1"),
          Duration.ofHours(24),
          Duration.ofDays(90),
          Clock.systemUTC());
    }

    public Settings withPort(int newPort) {
      return new Settings(host, newPort, dnsNames, defaultLifetime, maxLifetime, clock);
    }

    public Settings withDnsNames(List<String> names) {
      return new Settings(host, port, names, defaultLifetime, maxLifetime, clock);
    }

    public Settings withClock(Clock newClock) {
      return new Settings(host, port, dnsNames, defaultLifetime, maxLifetime, newClock);
    }
  }

  private final Settings settings;
  private final CaHierarchy hierarchy;
  private final OneTimeTokenVerifier tokens;
  private final SignEndpoint signEndpoint;
  private final AtomicInteger outageStatus = new AtomicInteger();
  private final HttpsServer server;
  private final ExecutorService executor;

  private StepCaEmulator(Settings settings, CaHierarchy hierarchy) throws IOException {
    this.settings = settings;
    this.hierarchy = hierarchy;
    JsonMapper mapper = JsonMapper.builder().build();
    // Whole seconds, like a token's iat: step-ca refuses tokens issued before it started, and a
    // token minted in the CA's first second would otherwise look older than the CA.
    Instant started = settings.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    this.tokens = new OneTimeTokenVerifier(mapper, settings.dnsNames(), started);
    this.signEndpoint = new SignEndpoint(hierarchy, tokens, settings, mapper);
    this.server = HttpsServer.create(new InetSocketAddress(settings.host(), settings.port()), 50);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls(hierarchy, settings, started)));
    server.createContext(
        "/", new CaRouter(hierarchy, tokens, signEndpoint, mapper, outageStatus, settings.clock()));
    this.executor =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "step-ca-emulator");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
  }

  /** Starts an emulator with a new CA hierarchy. */
  public static StepCaEmulator start(Settings settings) {
    return start(settings, CaHierarchy.generate("Phoenix Emulated", settings.clock().instant()));
  }

  /** Starts an emulator that signs with {@code hierarchy} (e.g. to restart "the same" CA). */
  public static StepCaEmulator start(Settings settings, CaHierarchy hierarchy) {
    try {
      StepCaEmulator emulator = new StepCaEmulator(settings, hierarchy);
      emulator.server.start();
      return emulator;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start the CA emulator on " + settings.host() + ":" + settings.port(), e);
    }
  }

  /**
   * Authorises a JWK provisioner, as the {@code step_ca} feature does when it writes the
   * pki-agent's public key into step-ca's {@code ca.json}.
   *
   * @param publicJwkJson an EC P-256 public JWK with a {@code kid}; a private JWK is refused
   */
  public void authorizeProvisioner(String name, String publicJwkJson) {
    tokens.authorize(name, EcJwk.parse(publicJwkJson, JsonMapper.builder().build()));
  }

  /** {@code https://<host>:<port>}, with no trailing slash. */
  public URI baseUri() {
    return URI.create(
        "https://" + hostForUri(settings.host()) + ":" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The root certificate in PEM (what {@code step ca root} prints). */
  public String rootPem() {
    return hierarchy.rootPem();
  }

  /** Lower-case hex SHA-256 of the root's DER. */
  public String rootFingerprint() {
    return hierarchy.rootFingerprint();
  }

  public X509Certificate root() {
    return hierarchy.root();
  }

  /** The CA's keys and certificates, to restart the same CA or to inspect it. */
  public CaHierarchy hierarchy() {
    return hierarchy;
  }

  /** The leaf certificates issued so far, oldest first (for tests that inspect the world). */
  public List<X509Certificate> issued() {
    return signEndpoint.issued();
  }

  /**
   * Fault injection: while {@code status} is non-zero every request is answered with that status
   * (e.g. 503 from a proxy in front of the CA); 0 ends the outage.
   */
  public void simulateOutage(int status) {
    outageStatus.set(status);
  }

  /** Stops listening at once; connections are refused afterwards. */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }

  private static String hostForUri(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static SSLContext serverTls(CaHierarchy hierarchy, Settings settings, Instant now) {
    try {
      KeyPair keys = CaHierarchy.newEcKeyPair();
      X509Certificate leaf =
          hierarchy.issueLeaf(
              settings.dnsNames().get(0),
              settings.dnsNames(),
              keys.getPublic(),
              now.minus(Duration.ofMinutes(1)),
              now.plus(Duration.ofDays(365)));
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "tls", keys.getPrivate(), password, new Certificate[] {leaf, hierarchy.intermediate()});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up the emulator's TLS: " + e.getMessage(), e);
    }
  }
}
