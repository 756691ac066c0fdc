package io.phoenix.proxmox.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parameters of one call, encoded the way Proxmox's schema checker expects: booleans as {@code
 * 1}/{@code 0}, arrays as repeated keys, {@code sshkeys} percent-encoded before the form encoding.
 * Order is kept, so requests are readable in a server log.
 */
public final class PveParams {

  private final List<Map.Entry<String, String>> entries = new ArrayList<>();

  private PveParams() {}

  /** No parameters. */
  public static PveParams none() {
    return new PveParams();
  }

  /** Starts a parameter list. */
  public static PveParams of(String key, Object value) {
    return new PveParams().with(key, value);
  }

  /**
   * Adds {@code key}: booleans become 1/0, collections repeated keys, null is skipped.
   *
   * @return this
   */
  public PveParams with(String key, Object value) {
    if (value == null) {
      return this;
    }
    if (value instanceof Collection<?> values) {
      for (Object v : values) {
        with(key, v);
      }
      return this;
    }
    if (value instanceof Boolean b) {
      entries.add(Map.entry(key, b ? "1" : "0"));
    } else {
      entries.add(Map.entry(key, value.toString()));
    }
    return this;
  }

  /** Adds every entry of {@code values} (in its iteration order). */
  public PveParams withAll(Map<String, String> values) {
    values.forEach(this::with);
    return this;
  }

  /** The entries, in order. */
  public List<Map.Entry<String, String>> entries() {
    return List.copyOf(entries);
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The value of {@code sshkeys}: Proxmox URI-unescapes it after the form decoding, so the keys
   * (one per line) are percent-encoded first, spaces as {@code %20} and newlines as {@code %0A}.
   */
  public static String sshKeys(Collection<String> keys) {
    return percentEncode(String.join("\n", keys));
  }

  /** Reverses {@link #sshKeys}: the keys Proxmox holds in a config's {@code sshkeys}. */
  public static List<String> decodeSshKeys(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String decoded = java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    return decoded.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  static String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    // Keys only: values may hold a password or key material.
    return entries.stream().map(Map.Entry::getKey).toList().toString();
  }
}
