package io.phoenix.simulator.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP response: status with its own reason phrase (Proxmox puts the error text there), the
 * body, extra headers, and an optional delay before it is sent (latency, the 401 back-off).
 *
 * @param status HTTP status code
 * @param reason the reason phrase, one line of printable ASCII
 * @param contentType the Content-Type header, or null for an empty body without one
 * @param body the body bytes
 * @param headers extra headers
 * @param delay how long to wait before sending the response
 * @param resetMidway cut the response off after half its body and reset the TCP connection (a
 *     pveproxy restart or a dropped link as the client sees it: {@code Connection reset})
 */
public record SimResponse(
    int status,
    String reason,
    String contentType,
    byte[] body,
    Map<String, String> headers,
    Duration delay,
    boolean resetMidway) {

  /** Proxmox's exact success and error content type. */
  public static final String JSON = "application/json;charset=UTF-8";

  /** A JSON response. */
  public static SimResponse json(int status, String reason, String json) {
    return new SimResponse(
        status,
        reason,
        JSON,
        json.getBytes(StandardCharsets.UTF_8),
        Map.of(),
        Duration.ZERO,
        false);
  }

  /** A response with no body at all (Proxmox's 401). */
  public static SimResponse empty(int status, String reason) {
    return new SimResponse(status, reason, null, new byte[0], Map.of(), Duration.ZERO, false);
  }

  /** The same response sent after {@code extra} more time. */
  public SimResponse delayedBy(Duration extra) {
    return new SimResponse(
        status, reason, contentType, body, headers, delay.plus(extra), resetMidway);
  }

  /** The same response, cut off after half its body by a TCP reset. */
  public SimResponse cutOffByReset() {
    return new SimResponse(status, reason, contentType, body, headers, delay, true);
  }

  /** The same response with one more header. */
  public SimResponse withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new SimResponse(status, reason, contentType, body, Map.copyOf(more), delay, resetMidway);
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
