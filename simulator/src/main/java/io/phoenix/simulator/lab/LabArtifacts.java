package io.phoenix.simulator.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artifacts the lab's mirror serves, built here from Debian's sources: {@code step-ca} by the
 * repository's {@code tools/step-ca/build.sh} (cached by the script itself). Each is copied into
 * the mirror's directory under its artifact name, with its SHA-256 for the lab's inventory.
 */
final class LabArtifacts {

  /** A served artifact: its name in the inventory's {@code artifacts}, file and SHA-256. */
  record Served(String name, Path file, String sha256) {}

  private static final Duration BUILD_LIMIT = Duration.ofMinutes(30);

  private LabArtifacts() {}

  /** The repository root: the nearest directory at or above the working one with {@code tools/}. */
  static Optional<Path> repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("tools/step-ca/build.sh"))) {
        return Optional.of(dir);
      }
      dir = dir.getParent();
    }
    return Optional.empty();
  }

  /** Builds (or reuses) the artifacts and puts them into {@code mirrorDir}. */
  static Map<String, Served> prepare(Path repositoryRoot, Path mirrorDir) {
    Map<String, Served> served = new LinkedHashMap<>();
    var built =
        HostCommand.run(
            List.of("sh", repositoryRoot.resolve("tools/step-ca/build.sh").toString()),
            null,
            BUILD_LIMIT);
    if (built.exitCode() != 0) {
      throw new LabException(
          "the lab builds step-ca from Debian's sources for its CA guest, and that failed: "
              + HostCommand.lastLines(built.stderrText().strip(), 3)
              + (built.exitCode() == 3
                  ? " (apt-get install golang-go gcc libc6-dev"
                      + " golang-github-smallstep-certificates-dev)"
                  : ""));
    }
    Path binary = Path.of(built.stdoutText().strip());
    served.put("step-ca", publish("step-ca", binary, mirrorDir));
    return served;
  }

  private static Served publish(String name, Path source, Path mirrorDir) {
    try {
      Files.createDirectories(mirrorDir);
      Path target = mirrorDir.resolve(name);
      Path partial = mirrorDir.resolve(name + ".partial");
      Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      return new Served(name, target, sha256(target));
    } catch (IOException e) {
      throw new LabException("cannot put " + name + " into the lab's mirror: " + e, e);
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
