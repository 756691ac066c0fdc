package io.phoenix.service.features;

import io.phoenix.service.scripts.StepAbort;
import java.util.regex.Pattern;

/** Checks and quoting for values that go into generated config files. */
final class ConfigText {

  /** Nothing that could end a directive or open a block in nginx or a YAML document. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:/*\\[\\]@%+=-]+");

  private ConfigText() {}

  /** {@code value} when it is a plain token (host, path, url), else an invalid-command failure. */
  static String plain(String what, String value) throws StepAbort {
    if (value == null || !PLAIN.matcher(value).matches()) {
      throw StepAbort.invalid(
          what + " must be a plain host name, address, path or url, got '" + value + "'");
    }
    return value;
  }

  /** A TCP port given as text, or {@code fallback} when null. */
  static String port(String what, String value, String fallback) throws StepAbort {
    if (value == null) {
      return fallback;
    }
    if (!value.trim().matches("\\d{1,5}")) {
      throw StepAbort.invalid(what + " must be a port number, got '" + value + "'");
    }
    return value.trim();
  }

  /** A double-quoted YAML (JSON) string. */
  static String yaml(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
