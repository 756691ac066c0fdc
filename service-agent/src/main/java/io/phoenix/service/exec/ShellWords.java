package io.phoenix.service.exec;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** POSIX shell quoting, for command lines that pass through a shell (SSH) and rendered scripts. */
public final class ShellWords {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  /** {@code word} as one shell word: unchanged when safe, else single-quoted. */
  public static String quote(String word) {
    if (!word.isEmpty() && SAFE.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  /** The words joined into a command line that a POSIX shell splits back into exactly them. */
  public static String join(List<String> words) {
    return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }
}
