package io.phoenix.service.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The agent's own secrets (e.g. the Portainer admin password): one file per secret in a directory
 * only the agent can read (700; files 600), written atomically. Secrets never go to Kafka or logs:
 * nothing here logs a value.
 */
public final class SecretStore {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  public SecretStore(Path dir) {
    if (dir == null) {
      throw new IllegalStateException(
          "the service agent needs a secret store: set phoenix.service-agent.secrets.dir");
    }
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The secret, if stored. */
  public Optional<String> get(String name) throws IOException {
    Path file = file(name);
    return Files.exists(file)
        ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
        : Optional.empty();
  }

  /** The stored secret, or a new random one (32 bytes, URL-safe base64) stored first. */
  public synchronized String getOrGenerate(String name) throws IOException {
    Optional<String> existing = get(name);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    put(name, secret);
    return secret;
  }

  /** Stores (replaces) a secret. */
  public synchronized void put(String name, String secret) throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                ".secret",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".secret", ".tmp");
    try {
      Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file(name), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad secret name " + name);
    }
    return dir.resolve(name);
  }
}
