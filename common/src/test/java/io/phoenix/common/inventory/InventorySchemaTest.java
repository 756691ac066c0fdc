package io.phoenix.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.phoenix.common.inventory.phoenix.PhoenixImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The published schema (docs/schema) accepts what Phoenix ships and what it imports. */
class InventorySchemaTest {

  private static Schema publishedSchema() throws Exception {
    JsonNode schema =
        JsonMapper.builder()
            .build()
            .readTree(Files.readString(Path.of("../docs/schema/inventory.schema.json")));
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
  }

  @Test
  void seedInventoryMatchesThePublishedSchema() throws Exception {
    JsonNode seed =
        YAMLMapper.builder()
            .build()
            .readTree(Files.readString(Path.of("../inventory/phoenix.yaml")));

    assertThat(publishedSchema().validate(seed)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"main-0385ea2", "rootesting-35c465b"})
  void importedOriginalsMatchThePublishedSchema(String version) throws Exception {
    Inventory imported =
        PhoenixImporter.importDirectory(Path.of("../../shared/reference/phoenix", version))
            .inventory();

    assertThat(publishedSchema().validate(InventoryWriter.toTree(imported))).isEmpty();
  }

  @Test
  void schemaRejectsAWrongType() throws Exception {
    JsonNode bad =
        YAMLMapper.builder()
            .build()
            .readTree("version: 1\nguests: [{id: 100, kind: lxc, source: {clone: 99}, cores: x}]");

    assertThat(publishedSchema().validate(bad)).hasSizeGreaterThanOrEqualTo(2);
  }
}
