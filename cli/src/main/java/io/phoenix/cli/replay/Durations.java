package io.phoenix.cli.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads and writes the durations of the replay report: {@code 90s}, {@code 1m30s}, {@code PT90S}.
 */
final class Durations implements ITypeConverter<Duration> {

  private static final Pattern SIMPLE =
      Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s)?(?:(\\d+)ms)?");

  @Override
  public Duration convert(String value) {
    Duration d = parse(value);
    if (d == null) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: use e.g. 90s, 1m30s, 2h or PT90S");
    }
    return d;
  }

  /** The duration in {@code text}, or null when it is not one. */
  static Duration parse(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      return null;
    }
    if (v.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = SIMPLE.matcher(v);
    if (!m.matches()) {
      return null;
    }
    Duration d = Duration.ZERO;
    if (m.group(1) != null) {
      d = d.plusHours(Long.parseLong(m.group(1)));
    }
    if (m.group(2) != null) {
      d = d.plusMinutes(Long.parseLong(m.group(2)));
    }
    if (m.group(3) != null) {
      d = d.plusMillis(Math.round(Double.parseDouble(m.group(3)) * 1000));
    }
    if (m.group(4) != null) {
      d = d.plusMillis(Long.parseLong(m.group(4)));
    }
    return d;
  }

  /**
   * The moment {@code text} names: an ISO-8601 instant, or an offset from {@code acceptedAt} such
   * as {@code +90s}.
   */
  static Instant moment(String text, Instant acceptedAt) {
    String v = text.trim();
    if (v.startsWith("+")) {
      Duration offset = parse(v.substring(1));
      if (offset != null) {
        return acceptedAt.plus(offset);
      }
    } else {
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e) {
        // explained below
      }
    }
    return null;
  }

  /** {@code 4.2s}, {@code 1m05s}, {@code 1h02m}. */
  static String format(Duration d) {
    if (d == null) {
      return "";
    }
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** {@code +12.0s} from {@code origin}, or empty. */
  static String offset(Instant origin, Instant at) {
    if (origin == null || at == null) {
      return "";
    }
    return "+" + format(Duration.between(origin, at));
  }
}
