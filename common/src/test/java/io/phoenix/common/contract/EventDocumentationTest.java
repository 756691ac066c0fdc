package io.phoenix.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docs/events.md is checked against the real codec: every example must read into its record and
 * write back to the same JSON, and every event type must have an example.
 */
class EventDocumentationTest {

  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern BLOCK =
      Pattern.compile("```json( request)?\\n(.*?)\\n```", Pattern.DOTALL);

  private static final List<String> events = new ArrayList<>();
  private static final List<String> requests = new ArrayList<>();

  @BeforeAll
  static void readDocs() throws Exception {
    String markdown = Files.readString(DOCS.resolve("events.md"), StandardCharsets.UTF_8);
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      (m.group(1) == null ? events : requests).add(m.group(2));
    }
  }

  @Test
  void everyEventTypeHasAnExample() {
    Set<String> documented = new HashSet<>();
    for (String example : events) {
      documented.add(Envelopes.read(example.getBytes(StandardCharsets.UTF_8)).type());
    }
    assertThat(documented).containsAll(EventTypes.EVENTS);
    assertThat(documented).anyMatch(t -> t.startsWith("phoenix.command."));
  }

  @Test
  void everyExampleReadsIntoItsRecordAndWritesBackUnchanged() {
    for (String example : events) {
      CloudEvent event = Envelopes.read(example.getBytes(StandardCharsets.UTF_8));
      Object data =
          EventTypes.EVENTS.contains(event.type())
              ? Envelopes.data(event)
              : Envelopes.dataAs(event, StepCommand.class);
      assertThat(normalized(Envelopes.json().valueToTree(data)))
          .as("data of %s", event.type())
          .isEqualTo(normalized(event.data()));
      assertThat(normalized(Envelopes.json().readTree(Envelopes.write(event))))
          .as("envelope of %s", event.type())
          .isEqualTo(normalized(Envelopes.json().readTree(example)));
    }
  }

  @Test
  void buildRequestExamplesMatchTheSchemaAndTheRecord() throws Exception {
    Schema schema = buildRequestSchema();
    assertThat(requests).isNotEmpty();
    for (String example : requests) {
      List<Error> errors = schema.validate(Envelopes.json().readTree(example));
      assertThat(errors).as(example).isEmpty();
      BuildRequest request = Envelopes.json().readValue(example, BuildRequest.class);
      assertThat(request.guests()).isNotEmpty();
    }
  }

  @Test
  void schemaRejectsWhatTheOrchestratorRejects() throws Exception {
    Schema schema = buildRequestSchema();
    assertThat(schema.validate(Envelopes.json().readTree("{\"action\":\"create\"}"))).isNotEmpty();
    assertThat(schema.validate(Envelopes.json().readTree("{\"guests\":[\"x\"]}"))).isNotEmpty();
    assertThat(
            schema.validate(Envelopes.json().readTree("{\"guests\":[900],\"action\":\"rebuild\"}")))
        .isNotEmpty();
  }

  private static Schema buildRequestSchema() throws Exception {
    JsonNode tree =
        Envelopes.json()
            .readTree(Files.readString(DOCS.resolve("schema/build-request.schema.json")));
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(tree);
  }

  /** Re-parsed text, so that int/long nodes of the same number compare equal. */
  private static JsonNode normalized(JsonNode node) {
    return Envelopes.json().readTree(node.toString());
  }
}
