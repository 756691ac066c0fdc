package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** Writes an inventory in the native format: YAML for people, a JSON tree for the schema. */
public final class InventoryWriter {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          // Maps (stacks, env, lxcFeatures) are unordered in the records; sorted output is stable.
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();

  private InventoryWriter() {}

  /** The inventory as native YAML. */
  public static String toYaml(Inventory inventory) {
    return YAML.writeValueAsString(inventory);
  }

  /** The inventory as a JSON tree (what the schema checks). */
  public static JsonNode toTree(Inventory inventory) {
    return JSON.valueToTree(inventory);
  }
}
