package io.phoenix.pki.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the secret store's key: a key file, else a base64 key (from {@code
 * PHOENIX_PKI_SECRET_KEY}), else — only when explicitly allowed — a generated development key kept
 * next to the store, with a warning. Anything else stops the service with a message that says what
 * to set.
 */
public final class SecretKeySource {

  private static final Logger log = LoggerFactory.getLogger(SecretKeySource.class);
  static final String DEV_KEY_FILE = "dev-secret-store.key";

  private SecretKeySource() {}

  /** Opens the store in {@code directory} with the first key source that is configured. */
  public static SecretStore open(
      Path directory, Path keyFile, String keyBase64, boolean allowGeneratedDevKey) {
    if (keyFile != null) {
      return new SecretStore(directory, fromFile(keyFile));
    }
    if (keyBase64 != null && !keyBase64.isBlank()) {
      return new SecretStore(directory, decode(keyBase64.strip(), "PHOENIX_PKI_SECRET_KEY"));
    }
    if (allowGeneratedDevKey) {
      return new SecretStore(directory, devKey(directory));
    }
    throw new IllegalStateException(
        "the pki-agent's secret store has no key: set phoenix.pki.secret-key-file to a file holding"
            + " 32 random bytes (e.g. `head -c 32 /dev/urandom | base64 > key`), or the environment"
            + " variable PHOENIX_PKI_SECRET_KEY to their base64; for development only,"
            + " phoenix.pki.allow-generated-dev-key=true");
  }

  private static byte[] fromFile(Path keyFile) {
    byte[] content;
    try {
      content = Files.readAllBytes(keyFile);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the secret store key file "
              + keyFile
              + " (phoenix.pki.secret-key-file): "
              + e.getMessage(),
          e);
    }
    if (content.length == 32) {
      return content;
    }
    return decode(new String(content, StandardCharsets.US_ASCII).strip(), keyFile.toString());
  }

  private static byte[] decode(String base64, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the secret store key from " + source + " is not base64 (or 32 raw bytes)");
    }
    if (key.length != 32) {
      throw new IllegalStateException(
          "the secret store key from "
              + source
              + " has "
              + key.length
              + " bytes; it must have 32 (AES-256)");
    }
    return key;
  }

  private static byte[] devKey(Path directory) {
    Path file = directory.resolve(DEV_KEY_FILE);
    try {
      if (Files.exists(file)) {
        log.warn(
            "secret store {} uses the generated development key {}; set phoenix.pki.secret-key-file"
                + " or PHOENIX_PKI_SECRET_KEY outside development",
            directory,
            file);
        return fromFile(file);
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.createDirectories(directory);
      Files.writeString(
          file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      SecretStore.ownerOnly(file);
      log.warn(
          "generated a development key for secret store {} at {} (phoenix.pki.allow-generated-dev-key"
              + " is true); anyone who can read that file can read the store",
          directory,
          file);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the development key " + file, e);
    }
  }
}
