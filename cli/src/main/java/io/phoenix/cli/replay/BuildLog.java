package io.phoenix.cli.replay;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.client.CliException;
import io.phoenix.cli.commands.ConnectionOptions;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One build's events in log order, read from {@code phoenix.events} or from an export file (one
 * CloudEvent per line).
 *
 * @param buildId the build
 * @param events its events in the order the log holds them
 */
record BuildLog(String buildId, List<CloudEvent> events) {

  /** How long reading the whole event log may take before the cli gives up waiting for it. */
  private static final Duration READ_LIMIT = Duration.ofSeconds(30);

  BuildLog {
    events = List.copyOf(events);
  }

  /** The events of {@code buildId} on the connection's events topic. */
  static BuildLog fromKafka(ConnectionOptions connection, String buildId) {
    String kafka = connection.kafka();
    String topic = connection.topics().events();
    List<CloudEvent> events = new ArrayList<>();
    try (BuildClient client = new BuildClient(kafka, connection.topics())) {
      for (CloudEvent event : client.readAll(READ_LIMIT)) {
        if (buildId.equals(event.buildid())) {
          events.add(event);
        }
      }
    }
    if (events.isEmpty()) {
      throw new CliException(
          "no build "
              + buildId
              + " in "
              + topic
              + " at "
              + kafka
              + ": check the id with 'bin/phoenix status' (and --topic-prefix)");
    }
    return new BuildLog(buildId, events);
  }

  /**
   * The events of {@code buildId} (or of the file's only build when null) in an export file; every
   * line must be a CloudEvent whose data fits its type.
   */
  static BuildLog fromFile(Path file, String buildId) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new CliException(
          "cannot read "
              + file
              + " ("
              + describe(e)
              + "): pass a file written by 'bin/phoenix export'");
    }
    List<CloudEvent> all = new ArrayList<>();
    Set<String> builds = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      CloudEvent event = parse(file, i + 1, text);
      if (event.buildid() != null) {
        builds.add(event.buildid());
        all.add(event);
      }
    }
    if (builds.isEmpty()) {
      throw new CliException(file + " holds no build's events: is it an export?");
    }
    String wanted = buildId;
    if (wanted == null) {
      if (builds.size() > 1) {
        throw new CliException(
            file + " holds several builds " + builds + ": name the one to replay");
      }
      wanted = builds.iterator().next();
    } else if (!builds.contains(wanted)) {
      throw new CliException("no build " + wanted + " in " + file + " (it holds " + builds + ")");
    }
    String id = wanted;
    return new BuildLog(id, all.stream().filter(e -> id.equals(e.buildid())).toList());
  }

  private static CloudEvent parse(Path file, int line, String text) {
    try {
      CloudEvent event = Envelopes.read(text.getBytes(StandardCharsets.UTF_8));
      if (EventTypes.EVENTS.contains(event.type())) {
        Envelopes.data(event); // fails on data that does not fit the type
      }
      return event;
    } catch (MalformedRecordException e) {
      throw new CliException(
          file + " line " + line + " is not a Phoenix CloudEvent: " + e.getMessage());
    }
  }

  /** Writes the events as JSON lines: one CloudEvent per line, in log order. */
  void writeTo(Writer out) throws IOException {
    for (CloudEvent event : events) {
      out.write(new String(Envelopes.write(event), StandardCharsets.UTF_8));
      out.write('\n');
    }
    out.flush();
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.MalformedInputException
        || e.getCause() instanceof java.nio.charset.MalformedInputException) {
      return "not UTF-8 text";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
