package io.phoenix.common.inventory;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The native inventory format's JSON Schema ({@code docs/schema/inventory.schema.json}, bundled on
 * the classpath as {@code /schema/inventory.schema.json}). Checking against it finds every
 * structural error at once (wrong types, missing or unknown keys, bad enum values) before the tree
 * is bound to records.
 */
public final class InventorySchema {

  /** Where the schema sits on the classpath. */
  public static final String RESOURCE = "/schema/inventory.schema.json";

  private static final InventorySchema INSTANCE = new InventorySchema();

  private final JsonNode schemaTree;
  private final Schema schema;

  private InventorySchema() {
    try (InputStream in = InventorySchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      schemaTree = JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaTree);
  }

  public static InventorySchema get() {
    return INSTANCE;
  }

  /** Every structural problem of {@code tree}, located through its source map. */
  public List<Problem> check(LocatedTree tree) {
    List<Problem> problems = new ArrayList<>();
    for (Error error : schema.validate(tree.root())) {
      String path = path(error);
      String property = error.getProperty();
      String at = property != null && "required".equals(error.getKeyword()) ? path : path;
      if (property != null && "additionalProperties".equals(error.getKeyword())) {
        at = path + "." + property;
      }
      problems.add(tree.sources().error(at, message(error, path), fix(error)));
    }
    problems.sort(Comparator.comparingInt(Problem::line));
    return problems;
  }

  private static String path(Error error) {
    StringBuilder path = new StringBuilder("$");
    var location = error.getInstanceLocation();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        path.append('.').append(element);
      }
    }
    return path.toString();
  }

  private static String message(Error error, String path) {
    String message = error.getMessage();
    if (message == null) {
      return "does not match the schema";
    }
    // networknt prefixes the instance location; the problem carries the path already.
    if (message.startsWith(path + ": ")) {
      message = message.substring(path.length() + 2);
    } else if (message.startsWith(": ")) {
      message = message.substring(2);
    }
    return message;
  }

  private String fix(Error error) {
    String keyword = error.getKeyword();
    if (keyword == null) {
      return "see docs/inventory.md";
    }
    switch (keyword) {
      case "required":
        return "add '" + error.getProperty() + "'";
      case "additionalProperties":
        {
          List<String> known = allowedKeys(error);
          String suggestion = closest(error.getProperty(), known);
          return (suggestion == null
                  ? "remove '" + error.getProperty() + "'"
                  : "did you mean '" + suggestion + "'?")
              + (known.isEmpty() ? "" : "; allowed keys: " + String.join(", ", known));
        }
      case "type":
        return "write a value of type " + error.getSchemaNode();
      case "enum":
        return "use one of " + error.getSchemaNode();
      case "const":
        return "use " + error.getSchemaNode();
      case "pattern":
        {
          String description = describedAs(error);
          return description != null ? description : "match " + error.getSchemaNode();
        }
      case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
        return "use a number within the allowed range";
      case "oneOf":
        return "set exactly one of ostemplate, image or clone";
      default:
        return "see docs/inventory.md";
    }
  }

  /** The property names the object schema that rejected a key allows. */
  private List<String> allowedKeys(Error error) {
    JsonNode owner = schemaObject(error);
    if (owner == null || !owner.path("properties").isObject()) {
      return List.of();
    }
    return owner.path("properties").propertyNames().stream().sorted().toList();
  }

  private String describedAs(Error error) {
    JsonNode owner = schemaObject(error);
    if (owner == null) {
      return null;
    }
    String description = owner.path("description").asString("");
    return description.isEmpty() ? null : description;
  }

  /** The schema object that holds the keyword that failed. */
  private JsonNode schemaObject(Error error) {
    String fragment = error.getSchemaLocation().getFragment().toString();
    if (!fragment.startsWith("/")) {
      return null;
    }
    int last = fragment.lastIndexOf('/');
    JsonNode owner = schemaTree.at(fragment.substring(0, last));
    return owner.isMissingNode() ? null : owner;
  }

  static String closest(String word, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(word.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return bestDistance <= Math.max(2, word.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The schema's keys in one line, for messages. */
  static String join(List<String> keys) {
    return keys.stream().collect(Collectors.joining(", "));
  }
}
