package io.phoenix.pki.provisioner;

import io.phoenix.pki.PkiFailure;
import io.phoenix.pki.ca.ProvisionerKey;
import io.phoenix.pki.secrets.SecretStore;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The provisioner key pairs in the secret store: created once, then always the same key, so the
 * public JWK that step-ca authorised keeps working across restarts and re-delivered commands.
 */
public final class ProvisionerKeys {

  /** A key and whether this call created it. */
  public record Ensured(ProvisionerKey key, boolean created) {}

  private final SecretStore store;

  public ProvisionerKeys(SecretStore store) {
    this.store = store;
  }

  /** The key of provisioner {@code name}, if it exists. */
  public Optional<ProvisionerKey> find(String name) throws PkiFailure {
    Optional<byte[]> sealed = store.read(secretName(name));
    if (sealed.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = sealed.get();
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      byte[] pkcs8 = new byte[buffer.getInt()];
      buffer.get(pkcs8);
      byte[] x509 = new byte[buffer.remaining()];
      buffer.get(x509);
      ProvisionerKey key = ProvisionerKey.fromEncoded(name, pkcs8, x509);
      Arrays.fill(pkcs8, (byte) 0);
      return Optional.of(key);
    } catch (RuntimeException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE,
          "the stored key of provisioner '" + name + "' cannot be read: " + e.getMessage(),
          false);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** The key of provisioner {@code name}, created and sealed if it does not exist yet. */
  public synchronized Ensured ensure(String name) throws PkiFailure {
    Optional<ProvisionerKey> existing = find(name);
    if (existing.isPresent()) {
      return new Ensured(existing.get(), false);
    }
    ProvisionerKey key = ProvisionerKey.generate(name);
    byte[] pkcs8 = key.encodedPrivateKey();
    byte[] x509 = key.encodedPublicKey();
    byte[] sealed =
        ByteBuffer.allocate(4 + pkcs8.length + x509.length)
            .putInt(pkcs8.length)
            .put(pkcs8)
            .put(x509)
            .array();
    try {
      store.write(secretName(name), sealed);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
      Arrays.fill(sealed, (byte) 0);
    }
    return new Ensured(key, true);
  }

  /** True if {@code name} can name a provisioner (and its secret file). */
  public static boolean isValidName(String name) {
    return SecretStore.isValidName(secretName(name));
  }

  private static String secretName(String name) {
    return "provisioner-" + name;
  }
}
