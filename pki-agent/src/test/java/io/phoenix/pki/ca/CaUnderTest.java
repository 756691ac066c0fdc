package io.phoenix.pki.ca;

import java.net.URI;

/** A running CA the shared suite talks to: the emulator or a real step-ca. */
interface CaUnderTest extends AutoCloseable {

  URI baseUri();

  String rootPem();

  String rootFingerprint();

  /** Stops the CA; later calls find nothing listening. */
  void stop();

  @Override
  default void close() {
    stop();
  }
}
