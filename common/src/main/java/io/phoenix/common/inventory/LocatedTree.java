package io.phoenix.common.inventory;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A JSON or YAML document read into a tree, with the line of every key and value, so that a problem
 * found later in the tree can name the line to change.
 *
 * @param root the document
 * @param sources JSON path to line
 */
public record LocatedTree(JsonNode root, SourceMap sources) {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** The outcome of reading: a tree, or the syntax problem that stopped it. */
  public sealed interface Outcome permits Read, Unreadable {}

  /** The document was read. */
  public record Read(LocatedTree tree) implements Outcome {}

  /** The document is not valid JSON/YAML; the problem says where. */
  public record Unreadable(Problem problem) implements Outcome {}

  /**
   * Reads {@code text}; {@code fileName} names it in problems and decides the syntax ({@code .json}
   * is JSON, anything else YAML).
   */
  public static Outcome read(String text, String fileName) {
    ObjectMapper mapper = isJson(fileName) ? JSON : YAML;
    SourceMap sources = new SourceMap(fileName);
    try (JsonParser parser = mapper.createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        TokenStreamContext context = parser.streamReadContext();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          context = context.getParent();
        }
        TokenStreamLocation at = parser.currentTokenLocation();
        sources.put(pathOf(context), new SourceMap.Location(fileName, at.getLineNr()));
      }
    } catch (JacksonException e) {
      return new Unreadable(syntaxProblem(e, fileName, isJson(fileName)));
    }
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JacksonException e) {
      return new Unreadable(syntaxProblem(e, fileName, isJson(fileName)));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Unreadable(
          new Problem(
              Problem.Severity.ERROR,
              fileName,
              1,
              "$",
              "the file is empty",
              "write the inventory as a " + (isJson(fileName) ? "JSON" : "YAML") + " object"));
    }
    return new Read(new LocatedTree(root, sources));
  }

  /** The tree if the outcome was read. */
  public static Optional<LocatedTree> tree(Outcome outcome) {
    return outcome instanceof Read read ? Optional.of(read.tree()) : Optional.empty();
  }

  static boolean isJson(String fileName) {
    return fileName != null && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
  }

  /** {@code $.a.b[2].c} for the position the context is at. */
  static String pathOf(TokenStreamContext context) {
    if (context == null || context.inRoot()) {
      return "$";
    }
    String parent = pathOf(context.getParent());
    if (context.inArray()) {
      return parent + "[" + Math.max(0, context.getCurrentIndex()) + "]";
    }
    String name = context.currentName();
    return name == null ? parent : parent + "." + name;
  }

  private static Problem syntaxProblem(JacksonException e, String fileName, boolean json) {
    TokenStreamLocation at = e.getLocation();
    int line = at == null ? 0 : at.getLineNr();
    String message = e.getOriginalMessage();
    // Jackson's messages end with a source excerpt on a new line; the first line says it.
    int newline = message == null ? -1 : message.indexOf('\n');
    if (newline > 0) {
      message = message.substring(0, newline);
    }
    String what = json ? "JSON" : "YAML";
    String fix =
        message != null && message.startsWith("Duplicate")
            ? "keep one of the duplicated keys"
            : "correct the " + what + " syntax at this line";
    return new Problem(
        Problem.Severity.ERROR, fileName, line, null, "not valid " + what + ": " + message, fix);
  }
}
