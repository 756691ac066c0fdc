package io.phoenix.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the simulator's handlers see it: the decoded path, the query parameters
 * (repeated keys kept in order), lower-cased header names, and the raw body.
 *
 * @param method upper-case method name
 * @param path the decoded path without the query string
 * @param query query parameters in order, repeated keys as several values
 * @param headers header values by lower-case name (the first value of each)
 * @param body the raw body, empty when there is none
 */
public record SimRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] body) {

  /** The header's value, or null; the name is matched case-insensitively. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
