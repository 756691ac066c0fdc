package io.phoenix.pki.trust;

import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.PinnedRoot;
import io.phoenix.pki.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The pinned CA root, kept in the secret store: not because it is secret, but because the store's
 * authenticated encryption means nobody can swap the pin on disk without the store's key.
 */
public final class PinnedRoots {

  private static final String SECRET = "pinned-root";

  private final SecretStore store;

  public PinnedRoots(SecretStore store) {
    this.store = store;
  }

  /** The pinned root, if {@code 103/pin-root} has run. */
  public Optional<PinnedRoot> current() throws PkiFailure {
    Optional<byte[]> pem = store.read(SECRET);
    if (pem.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(PinnedRoot.fromPem(new String(pem.get(), StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE, "the pinned root in the store cannot be read: " + e, false);
    }
  }

  /** The pinned root, or a {@code ROOT_NOT_PINNED} failure. */
  public PinnedRoot require() throws PkiFailure {
    return current()
        .orElseThrow(
            () ->
                new PkiFailure(
                    PkiFailure.ROOT_NOT_PINNED,
                    "no CA root is pinned yet: step 103/pin-root must succeed before any"
                        + " certificate is signed",
                    false));
  }

  /** Pins {@code root}, replacing an earlier pin (a rebuilt CA has a new root). */
  public void pin(PinnedRoot root) throws PkiFailure {
    store.write(SECRET, root.pem().getBytes(StandardCharsets.US_ASCII));
  }
}
