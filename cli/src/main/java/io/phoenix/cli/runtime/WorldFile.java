package io.phoenix.cli.runtime;

import io.phoenix.cli.client.CliException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything a separately started service or client needs to join a running world: Spring property
 * names and values (Kafka address, simulator addresses, the simulated world's credentials). Written
 * by {@code phoenix up} with mode 600; read by {@code phoenix run} and the client commands.
 */
public final class WorldFile {

  /** Default location, relative to the working directory. */
  public static final Path DEFAULT = Path.of(".phoenix", "world.properties");

  /** The Kafka bootstrap address property (Spring's own name). */
  public static final String KAFKA = "spring.kafka.bootstrap-servers";

  /** The orchestrator's base URL, for cli commands that use its REST API. */
  public static final String ORCHESTRATOR_URL = "phoenix.world.orchestrator-url";

  /** The topic prefix in use. */
  public static final String TOPIC_PREFIX = "phoenix.kafka.topic-prefix";

  private WorldFile() {}

  /** Writes {@code values} to {@code file}, readable only by its owner. */
  public static void write(Path file, Map<String, String> values) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Properties props = new Properties();
      props.putAll(new TreeMap<>(values));
      try (Writer w = Files.newBufferedWriter(tmp)) {
        props.store(w, "Phoenix world: written by 'phoenix up'; contains simulated credentials");
      }
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException("cannot write the world file " + file + ": " + e.getMessage());
    }
  }

  /** The values in {@code file}; empty when it does not exist. */
  public static Map<String, String> read(Path file) {
    Map<String, String> values = new TreeMap<>();
    if (file == null || !Files.exists(file)) {
      return values;
    }
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException e) {
      throw new CliException("cannot read the world file " + file + ": " + e.getMessage());
    }
    props.forEach((k, v) -> values.put(k.toString(), v.toString()));
    return values;
  }
}
