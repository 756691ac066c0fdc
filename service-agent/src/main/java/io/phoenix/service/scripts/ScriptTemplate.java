package io.phoenix.service.scripts;

import io.phoenix.service.exec.ShellWords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a script: a header that sets the settings as read-only shell variables (every value
 * single-quoted, so nothing from the inventory is ever evaluated), then the body from the
 * classpath. Lists become bash arrays.
 */
public final class ScriptTemplate {

  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

  private ScriptTemplate() {}

  /** The body of {@code classpath:/service-agent/<resource>}. */
  public static String body(String resource) {
    String path = "/service-agent/" + resource;
    try (InputStream in = ScriptTemplate.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The whole script.
   *
   * @param title first comment line
   * @param variables name to String or List of String, in the order they are declared
   * @param body the script body (no shebang)
   */
  public static String render(String title, Map<String, ?> variables, String body) {
    StringBuilder text = new StringBuilder();
    text.append("#!/usr/bin/env bash\n");
    text.append("# ")
        .append(title)
        .append(": rendered by the Phoenix service agent; do not edit.\n");
    text.append("set -euo pipefail\n");
    variables.forEach(
        (name, value) -> {
          if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad script variable name " + name);
          }
          if (value instanceof List<?> list) {
            text.append("readonly -a ").append(name).append("=(");
            text.append(
                String.join(" ", list.stream().map(v -> quoteAlways(String.valueOf(v))).toList()));
            text.append(")\n");
          } else {
            text.append("readonly ")
                .append(name)
                .append('=')
                .append(quoteAlways(String.valueOf(value)))
                .append('\n');
          }
        });
    text.append('\n').append(body);
    return text.toString();
  }

  private static String quoteAlways(String value) {
    String quoted = ShellWords.quote(value);
    return quoted.startsWith("'") ? quoted : "'" + quoted + "'";
  }
}
