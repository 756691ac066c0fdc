package io.phoenix.proxmox.client;

import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.simulator.http.SimHandler;
import io.phoenix.simulator.http.SimHttpServer;
import io.phoenix.simulator.http.SimRequest;
import io.phoenix.simulator.http.SimResponse;
import io.phoenix.simulator.tls.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTPS server for client tests whose answers each test scripts; it records every request
 * it received. Real sockets and real TLS (a certificate generated at start).
 */
final class ScriptedPve implements AutoCloseable {

  final SelfSignedCertificate certificate =
      SelfSignedCertificate.generate("pve", SelfSignedCertificate.localNames());
  final List<SimRequest> requests = new CopyOnWriteArrayList<>();
  private volatile SimHandler script = r -> SimResponse.json(200, "OK", "{\"data\":null}");
  private final SimHttpServer server;

  ScriptedPve() {
    server =
        SimHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            certificate,
            Duration.ofSeconds(5),
            request -> {
              requests.add(request);
              return script.handle(request);
            });
  }

  void answer(SimHandler handler) {
    this.script = handler;
  }

  URI url() {
    return URI.create("https://127.0.0.1:" + server.port());
  }

  ProxmoxProperties tokenProperties() {
    return properties("root@pam!phoenix", null);
  }

  ProxmoxProperties properties(String tokenId, String user) {
    return properties(url(), tokenId, user);
  }

  int port() {
    return server.port();
  }

  /** Settings that reach this server through {@code url} (a front in between), pinned to it. */
  ProxmoxProperties properties(URI url, String tokenId, String user) {
    return new ProxmoxProperties(
        url,
        tokenId,
        null,
        "UNUSED_ENV",
        user,
        null,
        "UNUSED_ENV",
        null,
        certificate.sha256Fingerprint(),
        false,
        fastTimeouts(),
        "local-lvm",
        "local");
  }

  static ProxmoxProperties.Timeouts fastTimeouts() {
    return new ProxmoxProperties.Timeouts(
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        Duration.ofMillis(50),
        Duration.ofSeconds(10),
        java.util.Map.of(),
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        2,
        Duration.ofMillis(20),
        Duration.ofMinutes(90));
  }

  List<SimRequest> requests(String method, String pathSuffix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix))
        .toList();
  }

  @Override
  public void close() {
    server.close();
  }
}
