package io.phoenix.common.inventory;

/**
 * One thing wrong (or worth knowing) about an inventory, located for the user who has to fix it.
 *
 * @param severity an error stops the build; a warning does not
 * @param file the file the problem is in (as the user named it), or null
 * @param line the 1-based line in that file, or 0 when unknown
 * @param path where in the document, as a JSON path, e.g. {@code $.guests[2].source.clone}
 * @param message what is wrong
 * @param fix what to change
 */
public record Problem(
    Severity severity, String file, int line, String path, String message, String fix) {

  /** Errors stop validation with exit code 1; warnings are reported and the build goes on. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code file:line: error: $.path: message (fix: ...)}, the one-line form users read. */
  public String format() {
    StringBuilder out = new StringBuilder();
    if (file != null) {
      out.append(file);
      if (line > 0) {
        out.append(':').append(line);
      }
      out.append(": ");
    }
    out.append(severity == Severity.ERROR ? "error: " : "warning: ");
    if (path != null && !path.isEmpty()) {
      out.append(path).append(": ");
    }
    out.append(message);
    if (fix != null && !fix.isEmpty()) {
      out.append(" (fix: ").append(fix).append(')');
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
