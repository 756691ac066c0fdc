package io.phoenix.simulator.effects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a script the service agent rendered: its {@code readonly NAME='value'} and {@code
 * readonly -a NAME=('a' 'b')} header lines. The simulator reads them instead of running bash.
 */
record ScriptHeader(Map<String, List<String>> values) {

  private static final Pattern LINE = Pattern.compile("^readonly (-a )?([A-Z][A-Z0-9_]*)=(.*)$");

  static ScriptHeader parse(String script) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String line : script.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        String rest = m.group(3);
        if (m.group(1) != null) {
          rest = rest.substring(1, rest.length() - 1); // ( ... )
        }
        values.putIfAbsent(m.group(2), words(rest));
      }
    }
    return new ScriptHeader(values);
  }

  /** The single value of {@code name}, or "" when the header lacks it. */
  String get(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? "" : list.get(0);
  }

  List<String> list(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** Splits shell words made of single-quoted parts (with the '"'"' escape) and plain text. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        word = word == null ? new StringBuilder() : word;
        word.append(text, i + 1, end < 0 ? text.length() : end);
        i = end < 0 ? text.length() : end;
      } else if (c == '"') {
        int end = text.indexOf('"', i + 1);
        word = word == null ? new StringBuilder() : word;
        word.append(text, i + 1, end < 0 ? text.length() : end);
        i = end < 0 ? text.length() : end;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
