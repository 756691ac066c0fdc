package io.phoenix.cli.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files an embedded world keeps for its services under its state directory: credential files
 * (mode 600) and the services' state, which a new world must not inherit. Shared by {@code up},
 * {@code demo} and {@code lab}.
 */
public final class StateFiles {

  /** What the services keep under the state directory for one world. */
  private static final List<String> WORLD_STATE = List.of("pki-agent", "service-agent", "secrets");

  private StateFiles() {}

  /**
   * Deletes the state the services kept for a previous world (a new world has a new CA, Proxmox
   * token and store key: that state would not match it).
   */
  public static void forgetPreviousWorld(Path stateDir) throws IOException {
    for (String stale : WORLD_STATE) {
      Path dir = stateDir.resolve(stale);
      if (!Files.exists(dir)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Writes {@code value} to a new file readable by its owner only. */
  public static Path secret(Path file, String value) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /**
   * The settings that point the proxmox-agent and the service-agent's guest-agent channel at one
   * Proxmox API: its URL, token id, the file holding the token secret, the pinned certificate.
   */
  public static Map<String, String> proxmoxProperties(
      String url, String tokenId, Path tokenSecretFile, String fingerprint) {
    Map<String, String> props = new LinkedHashMap<>();
    for (String prefix : List.of("phoenix.proxmox.", "phoenix.service-agent.pve.")) {
      props.put(prefix + "url", url);
      props.put(prefix + "token-id", tokenId);
      props.put(prefix + "token-secret-file", tokenSecretFile.toString());
      props.put(prefix + "fingerprint", fingerprint);
    }
    return props;
  }
}
