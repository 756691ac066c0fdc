package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded build: every record the saga read or wrote, in order, as JSON lines. A line is either
 * a record ({@code topic}, {@code key}, {@code record}) or an operator's request ({@code operator}
 * = {@code cancel} or {@code retry}, {@code at}).
 */
final class ReplayLog {

  record Line(
      String topic, String key, CloudEvent record, String operator, String reason, Instant at) {

    static Line of(Outbound outbound) {
      return new Line(outbound.topic(), outbound.key(), outbound.record(), null, null, null);
    }

    static Line input(CloudEvent event) {
      return new Line("phoenix.events", event.buildid(), event, null, null, null);
    }

    static Line operator(String operator, String reason, Instant at) {
      return new Line(null, null, null, operator, reason, at);
    }

    /** Whether the saga wrote this record (as opposed to reading it). */
    boolean decided() {
      return record != null
          && record.source().equals(SagaFixtures.SOURCE)
          && !record.type().equals("phoenix.build.accepted");
    }

    Instant time() {
      return record != null ? record.time() : at;
    }
  }

  private ReplayLog() {}

  static List<Line> read(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!text.isBlank()) {
        lines.add(Envelopes.json().readValue(text, Line.class));
      }
    }
    return lines;
  }

  static void write(Path file, List<Line> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Line line : lines) {
      text.append(Envelopes.json().writeValueAsString(line)).append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String json(Line line) {
    return Envelopes.json().writeValueAsString(line);
  }
}
