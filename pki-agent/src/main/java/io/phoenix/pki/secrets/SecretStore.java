package io.phoenix.pki.secrets;

import io.phoenix.pki.PkiFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pki-agent's secrets on disk, each in its own file, encrypted with AES-256-GCM.
 *
 * <p>A file is {@code version(1) | iv(12) | ciphertext+tag}; the secret's name is the additional
 * authenticated data, so a file renamed or swapped for another one fails to open. Writes go through
 * a temporary file and an atomic move, so a crash never leaves half a key. Files are owner-only
 * where the file system allows it. Obtain an instance from {@link SecretKeySource}.
 */
public final class SecretStore {

  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final SecretKey key;

  SecretStore(Path directory, byte[] keyBytes) {
    if (keyBytes.length != 32) {
      throw new IllegalArgumentException(
          "the secret store key must be 32 bytes (AES-256), got " + keyBytes.length);
    }
    this.directory = directory;
    this.key = new SecretKeySpec(keyBytes, "AES");
  }

  /**
   * Opens a store in {@code directory} with a 32-byte key (tests; services use {@link
   * SecretKeySource}).
   */
  public static SecretStore open(Path directory, byte[] keyBytes) {
    return new SecretStore(directory, keyBytes.clone());
  }

  /** True if a secret of that name is a valid file name for the store. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The secret, or empty if it was never written. */
  public Optional<byte[]> read(String name) throws PkiFailure {
    Path file = fileOf(name);
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE, "cannot read secret '" + name + "': " + e.getMessage(), true, e);
    }
    if (sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE,
          "secret file " + file + " is not a Phoenix sealed secret (version " + sealed[0] + ")",
          false);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      return Optional.of(cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES));
    } catch (GeneralSecurityException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE,
          "cannot decrypt secret '"
              + name
              + "' in "
              + directory
              + ": the store key is not the one it was written with, or the file was altered",
          false);
    }
  }

  /** Writes (or replaces) a secret atomically. */
  public void write(String name, byte[] secret) throws PkiFailure {
    Path file = fileOf(name);
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      byte[] ciphertext = cipher.doFinal(secret);
      byte[] sealed =
          ByteBuffer.allocate(1 + IV_BYTES + ciphertext.length)
              .put(VERSION)
              .put(iv)
              .put(ciphertext)
              .array();
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, "." + name, ".tmp");
      ownerOnly(temporary);
      Files.write(temporary, sealed);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE,
          "cannot write secret '" + name + "' to " + directory + ": " + e.getMessage(),
          true,
          e);
    }
  }

  /**
   * The names of the secrets whose name starts with {@code prefix}, sorted; empty when the store
   * directory does not exist yet.
   */
  public List<String> names(String prefix) throws PkiFailure {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.startsWith(prefix) && file.endsWith(".sealed"))
          .map(file -> file.substring(0, file.length() - ".sealed".length()))
          .filter(SecretStore::isValidName)
          .sorted()
          .forEach(names::add);
    } catch (IOException e) {
      throw new PkiFailure(
          PkiFailure.SECRET_STORE,
          "cannot list the secret store " + directory + ": " + e.getMessage(),
          true,
          e);
    }
    return names;
  }

  /** The store's directory. */
  public Path directory() {
    return directory;
  }

  private Path fileOf(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "invalid secret name '" + name + "': use letters, digits, '.', '_' and '-'");
    }
    return directory.resolve(name + ".sealed");
  }

  static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the encryption still protects the content.
    }
  }

  @Override
  public String toString() {
    return "SecretStore[" + directory + "]";
  }
}
