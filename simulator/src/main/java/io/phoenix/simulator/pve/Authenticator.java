package io.phoenix.simulator.pve;

import io.phoenix.simulator.http.SimRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proxmox authentication: API tokens ({@code Authorization: PVEAPIToken=USER@REALM!ID=SECRET}) and
 * tickets from {@code POST /access/ticket} ({@code Cookie: PVEAuthCookie=...}, plus the {@code
 * CSRFPreventionToken} header on anything but GET).
 */
final class Authenticator {

  private static final Pattern TOKEN =
      Pattern.compile("^PVEAPIToken[= ]([^!\\s]+)!([^=\\s]+)=(\\S+)$");
  private static final Pattern COOKIE = Pattern.compile("(?:^|;\\s*)PVEAuthCookie=([^;]+)");
  private static final Duration TICKET_LIFETIME = Duration.ofHours(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Who made an authenticated call. */
  record Caller(String user, boolean token) {}

  private record Ticket(String user, String csrf, Instant expires) {}

  private final String tokenId;
  private final String tokenSecret;
  private final String user;
  private final String password;
  private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

  Authenticator(String tokenId, String tokenSecret, String password) {
    this.tokenId = tokenId;
    this.tokenSecret = tokenSecret == null ? UUID.randomUUID().toString() : tokenSecret;
    this.user = tokenId.substring(0, tokenId.indexOf('!'));
    this.password = password == null ? UUID.randomUUID().toString() : password;
  }

  /** {@code user@realm!tokenid=secret}, as PVEAPIToken wants it. */
  String apiToken() {
    return tokenId + "=" + tokenSecret;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** The caller, or a 401 reason phrase. */
  Result authenticate(SimRequest request) {
    String authorization = request.header("authorization");
    if (authorization != null && authorization.startsWith("PVEAPIToken")) {
      Matcher m = TOKEN.matcher(authorization.strip());
      if (m.matches()
          && (m.group(1) + "!" + m.group(2)).equals(tokenId)
          && constantTimeEquals(m.group(3), tokenSecret)) {
        return new Result(new Caller(tokenId, true), null);
      }
      return new Result(null, "invalid token value!");
    }
    String cookie = request.header("cookie");
    Matcher m = cookie == null ? null : COOKIE.matcher(cookie);
    if (m == null || !m.find()) {
      return new Result(null, "No ticket");
    }
    // Clients may percent-encode the cookie; a '+' in the base64 signature stays a '+'.
    String ticketText =
        java.net.URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    Ticket ticket = tickets.get(ticketText);
    if (ticket == null || ticket.expires().isBefore(Instant.now())) {
      return new Result(null, "invalid PVE ticket");
    }
    if (!"GET".equals(request.method())
        && !ticket.csrf().equals(request.header("csrfpreventiontoken"))) {
      return new Result(null, "Permission denied - invalid csrf token");
    }
    return new Result(new Caller(ticket.user(), false), null);
  }

  /** Authentication outcome: a caller, or the 401 reason. */
  record Result(Caller caller, String failure) {}

  /** {@code POST /access/ticket}: a new ticket, or empty on bad credentials. */
  Optional<Map<String, Object>> login(Params params) {
    String username = params.string("username");
    if (params.has("realm") && !username.contains("@")) {
      username = username + "@" + params.string("realm");
    }
    String given = params.string("password");
    Ticket renewed = tickets.get(given);
    boolean ok =
        username.equals(user)
            && (constantTimeEquals(given, password)
                || (renewed != null && renewed.user().equals(user)));
    if (!ok) {
      return Optional.empty();
    }
    long now = Instant.now().getEpochSecond();
    String ticket =
        String.format(
            "PVE:%s:%08X::%s", user, now, Base64.getEncoder().encodeToString(randomBytes(96)));
    String csrf =
        String.format(
            "%08X:%s", now, Base64.getEncoder().withoutPadding().encodeToString(randomBytes(32)));
    tickets.put(ticket, new Ticket(user, csrf, Instant.now().plus(TICKET_LIFETIME)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", user);
    out.put("ticket", ticket);
    out.put("CSRFPreventionToken", csrf);
    out.put("clustername", "phoenix-sim");
    out.put("cap", Map.of("vms", Map.of("VM.Allocate", 1, "VM.Config.Disk", 1, "VM.PowerMgmt", 1)));
    return Optional.of(out);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
