package io.phoenix.proxmox.client;

import io.phoenix.proxmox.ProxmoxProperties;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The Proxmox VE REST client: authenticated calls under {@code /api2/json}, typed errors ({@link
 * PveException}) and task waiting.
 *
 * <p>It never resends a POST, PUT or DELETE by itself (OkHttp's retry on connection failure is
 * off): a write that may have reached the server is the caller's to re-observe. Reads (GET) are
 * retried on transient failures. Credentials appear in no log line and no exception message.
 */
public final class PveClient implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PveClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OkHttpClient http;
  private final OkHttpClient bounded;
  private final HttpUrl base;
  private final PveCredentials credentials;
  private final TicketSession tickets;
  private final ProxmoxProperties.Timeouts timeouts;
  private final Clock clock;

  private PveClient(
      OkHttpClient http,
      HttpUrl base,
      PveCredentials credentials,
      ProxmoxProperties.Timeouts timeouts,
      Clock clock) {
    this.http = http;
    this.bounded = http.newBuilder().callTimeout(timeouts.connect()).build();
    this.base = base;
    this.credentials = credentials;
    this.timeouts = timeouts;
    this.clock = clock;
    this.tickets =
        credentials instanceof PveCredentials.UserPassword
            ? new TicketSession(this::login, timeouts.ticketRenewal(), clock)
            : null;
  }

  /** A client for {@code properties}, reading the credentials from their file or variable. */
  public static PveClient connect(ProxmoxProperties properties) {
    return connect(properties, PveCredentials.load(properties), Clock.systemUTC());
  }

  /** A client for {@code properties} with {@code credentials} already read. */
  public static PveClient connect(
      ProxmoxProperties properties, PveCredentials credentials, Clock clock) {
    ProxmoxProperties.Timeouts t = properties.timeouts();
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(5, t.keepAlive().toMillis(), TimeUnit.MILLISECONDS))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .connectTimeout(t.connect())
            .readTimeout(t.read())
            .writeTimeout(t.write());
    PveTls.apply(builder, properties);
    URI url = properties.url();
    HttpUrl root = HttpUrl.get(url.toString());
    if (root == null) {
      throw new IllegalArgumentException("phoenix.proxmox.url is not an address: " + url);
    }
    HttpUrl base = root.newBuilder().encodedPath("/api2/json/").build();
    return new PveClient(builder.build(), base, credentials, t, clock);
  }

  /** Whether the client authenticates with an API token (tokens may not do what root@pam may). */
  public boolean usesApiToken() {
    return credentials instanceof PveCredentials.ApiToken;
  }

  /** The clock every wait of this client and its callers reads its deadlines from. */
  public Clock clock() {
    return clock;
  }

  /** The wait limits this client was built with. */
  public ProxmoxProperties.Timeouts timeouts() {
    return timeouts;
  }

  /** GET {@code path} (retried on transient failures); returns {@code data}. */
  public JsonNode get(String path, PveParams query) {
    int attempt = 0;
    while (true) {
      try {
        return call(http, "GET", path, query);
      } catch (PveException.Transient e) {
        if (attempt >= timeouts.transientRetries()) {
          throw e;
        }
        pause(backoff(attempt++));
        log.debug("retrying GET {} after: {}", path, e.getMessage());
      }
    }
  }

  /**
   * One GET of {@code path}, never retried and bounded as a whole by the connect timeout: for
   * health checks, which must answer quickly whatever state the server is in.
   */
  public JsonNode probe(String path) {
    return call(bounded, "GET", path, PveParams.none());
  }

  /** GET {@code path} without parameters. */
  public JsonNode get(String path) {
    return get(path, PveParams.none());
  }

  /** POST {@code path} once; returns {@code data} (a UPID for async calls). */
  public JsonNode post(String path, PveParams form) {
    return call(http, "POST", path, form);
  }

  /** PUT {@code path} once; returns {@code data}. */
  public JsonNode put(String path, PveParams form) {
    return call(http, "PUT", path, form);
  }

  /** DELETE {@code path} once; returns {@code data}. */
  public JsonNode delete(String path, PveParams query) {
    return call(http, "DELETE", path, query);
  }

  /**
   * Waits for the task {@code upid} to stop, polling about every {@code task-poll}; {@code OK} and
   * {@code WARNINGS: n} are success.
   *
   * @param timeout how long it may run
   * @param logLines receives each new task log line while it runs (may be null)
   * @throws PveException typed from the task's exit status, with the task log's tail
   */
  public TaskResult awaitTask(String upid, Duration timeout, Consumer<String> logLines) {
    return new TaskWaiter(this, timeouts.taskPoll()).await(upid, timeout, logLines);
  }

  /** Waits for the task with the wait limit configured for its type. */
  public TaskResult awaitTask(String upid, Consumer<String> logLines) {
    return awaitTask(upid, timeouts.task(Upid.parse(upid).type()), logLines);
  }

  private JsonNode call(OkHttpClient via, String method, String path, PveParams params) {
    String operation = method + " " + path;
    boolean loginRetried = false;
    while (true) {
      TicketSession.Ticket ticket = tickets == null ? null : tickets.current();
      Request request = request(method, path, params, ticket);
      try (Response response = via.newCall(request).execute()) {
        if (response.code() == 401 && ticket != null && !loginRetried) {
          // A 401 means the call was not run: log in again and send it once more.
          tickets.invalidate(ticket);
          loginRetried = true;
          continue;
        }
        return read(operation, response);
      } catch (SSLException e) {
        if (!PveErrors.tlsRefusal(e)) {
          throw brokenConnection(operation, e);
        }
        throw new PveException.AuthFailed(
            new PveError(
                operation,
                0,
                "TLS verification of "
                    + base.host()
                    + " failed ("
                    + e.getMessage()
                    + "); check phoenix.proxmox.ca-file or phoenix.proxmox.fingerprint",
                Map.of(),
                List.of()),
            e);
      } catch (IOException e) {
        throw brokenConnection(operation, e);
      }
    }
  }

  /** A reset, closed or refused connection: transient, whatever layer noticed it. */
  private PveException.Transient brokenConnection(String operation, IOException e) {
    return new PveException.Transient(
        new PveError(
            operation,
            0,
            "connection to " + base.host() + ":" + base.port() + " failed: " + e,
            Map.of(),
            List.of()),
        e);
  }

  private Request request(
      String method, String path, PveParams params, TicketSession.Ticket ticket) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        url.addPathSegment(segment);
      }
    }
    RequestBody body = null;
    if (method.equals("GET") || method.equals("DELETE")) {
      params.entries().forEach(e -> url.addQueryParameter(e.getKey(), e.getValue()));
    } else {
      FormBody.Builder form = new FormBody.Builder();
      params.entries().forEach(e -> form.add(e.getKey(), e.getValue()));
      body = form.build();
    }
    Request.Builder builder = new Request.Builder().url(url.build()).method(method, body);
    if (credentials instanceof PveCredentials.ApiToken token) {
      builder.header("Authorization", token.header());
    } else if (ticket != null) {
      builder.header("Cookie", "PVEAuthCookie=" + ticket.ticket());
      if (!method.equals("GET")) {
        builder.header("CSRFPreventionToken", ticket.csrf());
      }
    }
    return builder.build();
  }

  private TicketSession.Ticket login() {
    PveCredentials.UserPassword user = (PveCredentials.UserPassword) credentials;
    HttpUrl url = base.newBuilder().addPathSegment("access").addPathSegment("ticket").build();
    RequestBody body =
        new FormBody.Builder()
            .add("username", user.user())
            .add("password", user.password())
            .build();
    String operation = "POST /access/ticket (" + user.user() + ")";
    try (Response response =
        http.newCall(new Request.Builder().url(url).post(body).build()).execute()) {
      if (response.code() == 401) {
        throw new PveException.AuthFailed(
            new PveError(
                operation,
                401,
                "login refused: wrong user or password (phoenix.proxmox.user /" + " password-file)",
                Map.of(),
                List.of()));
      }
      JsonNode data = read(operation, response);
      String ticket = text(data, "ticket");
      String csrf = text(data, "CSRFPreventionToken");
      if (ticket == null || csrf == null) {
        throw new PveException.AuthFailed(
            new PveError(
                operation,
                response.code(),
                "login answered without a ticket (two-factor auth is not supported)",
                Map.of(),
                List.of()));
      }
      log.info("logged in to Proxmox as {}", user.user());
      return new TicketSession.Ticket(ticket, csrf, clock.instant());
    } catch (IOException e) {
      throw new PveException.Transient(
          new PveError(operation, 0, "connection failed: " + e, Map.of(), List.of()), e);
    }
  }

  private static JsonNode read(String operation, Response response) throws IOException {
    ResponseBody body = response.body();
    String text = body == null ? "" : body.string();
    JsonNode json = null;
    if (!text.isBlank()) {
      try {
        json = JSON.readTree(text);
      } catch (JacksonException e) {
        json = null;
      }
    }
    if (response.isSuccessful()) {
      if (json == null || !json.isObject()) {
        throw new PveException.Transient(
            new PveError(
                operation,
                response.code(),
                "answer is not a JSON object: " + abbreviate(text),
                Map.of(),
                List.of()));
      }
      JsonNode data = json.get("data");
      return data == null ? NullNode.getInstance() : data;
    }
    throw PveErrors.classify(
        new PveError(
            operation,
            response.code(),
            errorText(response.message(), json),
            errors(json),
            List.of()));
  }

  /** The reason phrase, and the body's message when it says more. */
  private static String errorText(String reason, JsonNode json) {
    String message = json == null ? null : text(json, "message");
    String phrase = reason == null ? "" : reason.strip();
    if (message == null || message.isBlank()) {
      return phrase;
    }
    String m = message.strip();
    return m.startsWith(phrase) || phrase.isEmpty() ? m : phrase + " - " + m;
  }

  private static Map<String, String> errors(JsonNode json) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (json != null && json.path("errors").isObject()) {
      json.get("errors")
          .properties()
          .forEach(e -> errors.put(e.getKey(), e.getValue().asString("").strip()));
    }
    return errors;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private Duration backoff(int attempt) {
    Duration d = timeouts.retryBackoff().multipliedBy(1L << Math.min(attempt, 5));
    return d.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : d;
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PveException.Transient(
          new PveError("wait", 0, "interrupted", Map.of(), List.of()), e);
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
