package io.phoenix.proxmox.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP front for a test server that drops the first {@code drops} connections in the middle of the
 * TLS handshake (the way a restarting pveproxy does) and relays every later one unchanged.
 */
final class FlakyFront implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final AtomicInteger drops;
  final AtomicInteger dropped = new AtomicInteger();

  FlakyFront(int targetPort, int drops) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.drops = new AtomicInteger(drops);
    Thread acceptor = new Thread(this::accept, "flaky-front");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI url() {
    return URI.create("https://127.0.0.1:" + listener.getLocalPort());
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (drops.getAndDecrement() > 0) {
          // Read the ClientHello, then close: the client sees the handshake cut off.
          client.getInputStream().read(new byte[64]);
          client.close();
          dropped.incrementAndGet();
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        relay(client, server);
        relay(server, client);
      } catch (IOException e) {
        // closed, or one connection failed: the next accept decides
      }
    }
  }

  private static void relay(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "flaky-front-relay");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
