package io.phoenix.common.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a native inventory (YAML, or JSON when the file name ends in {@code .json}): syntax, then
 * structure against {@link InventorySchema}, then meaning through {@link InventoryValidator}. Every
 * problem is reported at once with its file, line and JSON path; nothing here throws for bad input.
 */
public final class InventoryLoader {

  /** Where the default inventory is looked for, relative to the working directory. */
  public static final Path DEFAULT_FILE = Path.of("inventory", "phoenix.yaml");

  /** The copy of {@code inventory/phoenix.yaml} bundled into this jar at build time. */
  public static final String BUNDLED_RESOURCE = "/inventory/phoenix.yaml";

  private static final JsonMapper BINDER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private InventoryLoader() {}

  /** Reads and validates {@code file}. */
  public static InventoryResult load(Path file) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      Problem problem =
          new Problem(
              Problem.Severity.ERROR,
              name,
              0,
              null,
              "cannot read the inventory: " + describe(e),
              Files.exists(file)
                  ? "check the file's permissions and encoding (UTF-8)"
                  : "check the path, or pass --phoenix-configs DIR to import the original configs");
      return new InventoryResult(null, List.of(problem), new SourceMap(name));
    }
    return parse(text, name);
  }

  /** Reads and validates inventory text; {@code fileName} names it in problems. */
  public static InventoryResult parse(String text, String fileName) {
    LocatedTree.Outcome outcome = LocatedTree.read(text, fileName);
    if (outcome instanceof LocatedTree.Unreadable unreadable) {
      return new InventoryResult(null, List.of(unreadable.problem()), new SourceMap(fileName));
    }
    LocatedTree tree = ((LocatedTree.Read) outcome).tree();
    List<Problem> structural = InventorySchema.get().check(tree);
    if (!structural.isEmpty()) {
      return new InventoryResult(null, structural, tree.sources());
    }
    Inventory inventory;
    try {
      inventory = BINDER.treeToValue(tree.root(), Inventory.class);
    } catch (DatabindException e) {
      String path = pathOf(e);
      return new InventoryResult(
          null,
          List.of(
              tree.sources()
                  .error(
                      path, "cannot be read: " + e.getOriginalMessage(), "see docs/inventory.md")),
          tree.sources());
    } catch (JacksonException e) {
      return new InventoryResult(
          null,
          List.of(
              tree.sources()
                  .error(
                      "$", "cannot be read: " + e.getOriginalMessage(), "see docs/inventory.md")),
          tree.sources());
    }
    List<Problem> problems =
        new ArrayList<>(InventoryValidator.validate(inventory, tree.sources()));
    return new InventoryResult(inventory, problems, tree.sources());
  }

  /**
   * The default inventory: {@code inventory/phoenix.yaml} under {@code workingDirectory} when it
   * exists, else the copy bundled into this jar.
   */
  public static InventoryResult loadDefault(Path workingDirectory) {
    Path file = workingDirectory.resolve(DEFAULT_FILE);
    if (Files.isRegularFile(file)) {
      return load(file);
    }
    return bundled();
  }

  /** The bundled seed inventory (the seven guests of the reference build). */
  public static InventoryResult bundled() {
    try (InputStream in = InventoryLoader.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED_RESOURCE + " is missing from the classpath");
      }
      return parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + BUNDLED_RESOURCE, e);
    }
  }

  private static String pathOf(DatabindException e) {
    StringBuilder path = new StringBuilder("$");
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        path.append('.').append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
