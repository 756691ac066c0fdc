package io.phoenix.service.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/** Keeps at most {@code limit} bytes of a command's output and remembers that it cut some. */
final class BoundedOutput extends OutputStream {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final int limit;
  private boolean truncated;

  BoundedOutput(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    if (bytes.size() < limit) {
      bytes.write(b);
    } else {
      truncated = true;
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = Math.max(0, limit - bytes.size());
    bytes.write(b, off, Math.min(room, len));
    if (len > room) {
      truncated = true;
    }
  }

  synchronized byte[] toByteArray() {
    return bytes.toByteArray();
  }

  synchronized boolean truncated() {
    return truncated;
  }
}
