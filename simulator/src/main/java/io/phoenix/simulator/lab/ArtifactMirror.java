package io.phoenix.simulator.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lab's artifact mirror: plain HTTP on a lab gateway address, serving the regular files of one
 * directory by name ({@code GET /step-ca}). It stands in for the mirror an air-gapped site keeps;
 * the feature scripts check every file's SHA-256 against the inventory anyway.
 */
final class ArtifactMirror implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI baseUri;

  private ArtifactMirror(HttpServer server, ExecutorService executor, URI baseUri) {
    this.server = server;
    this.executor = executor;
    this.baseUri = baseUri;
  }

  /** Serves {@code directory} on {@code address} (a free port). */
  static ArtifactMirror start(String address, Path directory) {
    try {
      Files.createDirectories(directory);
      HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 16);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "lab-artifact-mirror");
                t.setDaemon(true);
                return t;
              });
      server.setExecutor(executor);
      server.createContext("/", exchange -> serve(exchange, directory));
      server.start();
      URI base = URI.create("http://" + address + ":" + server.getAddress().getPort() + "/");
      return new ArtifactMirror(server, executor, base);
    } catch (IOException e) {
      throw new LabException("cannot serve the lab's artifacts on " + address + ": " + e, e);
    }
  }

  /** {@code http://<gateway>:<port>/}. */
  URI baseUri() {
    return baseUri;
  }

  int port() {
    return baseUri.getPort();
  }

  private static void serve(HttpExchange exchange, Path directory) throws IOException {
    try (exchange) {
      String name = exchange.getRequestURI().getPath().substring(1);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      if (!head && !exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Path file = directory.resolve(name);
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
          || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.sendResponseHeaders(200, head ? -1 : Files.size(file));
      if (!head) {
        try (InputStream in = Files.newInputStream(file);
            OutputStream out = exchange.getResponseBody()) {
          in.transferTo(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
