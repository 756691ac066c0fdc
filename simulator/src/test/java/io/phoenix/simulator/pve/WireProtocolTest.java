package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WireProtocolTest {

  static PveSimulator simulator;
  PveHttp pve;

  @BeforeAll
  static void start() {
    PveSimulatorConfig fast = SimulatorFixture.fast();
    simulator =
        PveSimulator.start(
            new PveSimulatorConfig(
                fast.bindAddress(),
                0,
                fast.world(),
                fast.taskDurations(),
                1.0,
                fast.authFailureDelay(),
                fast.lockTimeout(),
                Duration.ofMillis(500),
                fast.tokenId(),
                null,
                null,
                java.util.List.of()));
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @BeforeEach
  void reset() {
    simulator.reset();
    pve = new PveHttp(simulator);
  }

  @Test
  void successUsesProxmoxContentTypeAndDataEnvelope() {
    PveHttp.Reply reply = pve.get("/version");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/json;charset=UTF-8");
    assertThat(reply.data().path("release").asString()).isEqualTo("9.1");
    assertThat(reply.data().path("version").asString()).startsWith("9.1.");
  }

  @Test
  void nextidIsAStringAndSkipsUsedIds() {
    pve.waitTask(
        pve.post(
                "/nodes/pve/lxc",
                "vmid",
                "100",
                "ostemplate",
                SimulatorFixture.TEMPLATE,
                "rootfs",
                "local-lvm:8")
            .data()
            .asString());

    PveHttp.Reply reply = pve.get("/cluster/nextid");

    assertThat(reply.data().isString()).isTrue();
    assertThat(reply.data().asString()).isEqualTo("101");
  }

  @Test
  void errorPutsFirstLineOfMessageIntoReasonPhraseAndClosesConnection() {
    pve.waitTask(
        pve.post(
                "/nodes/pve/lxc",
                "vmid",
                "103",
                "ostemplate",
                SimulatorFixture.TEMPLATE,
                "rootfs",
                "local-lvm:8")
            .data()
            .asString());

    PveHttp.Reply reply =
        pve.post("/nodes/pve/lxc", "vmid", "103", "ostemplate", SimulatorFixture.TEMPLATE);

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.reason()).isEqualTo("CT 103 already exists on node 'pve'");
    assertThat(reply.json().path("message").asString())
        .isEqualTo("CT 103 already exists on node 'pve'\n");
    assertThat(reply.json().has("data")).isTrue();
    assertThat(reply.json().path("data").isNull()).isTrue();
    assertThat(reply.connection()).isEqualToIgnoringCase("close");
    assertThat(reply.contentType()).isEqualTo("application/json;charset=UTF-8");
  }

  @Test
  void unknownAndMissingParametersGive400WithErrors() {
    PveHttp.Reply reply = pve.post("/nodes/pve/lxc", "vmid", "200", "colour", "blue");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.reason()).isEqualTo("Parameter verification failed.");
    assertThat(reply.json().path("message").asString())
        .isEqualTo("Parameter verification failed.\n");
    assertThat(reply.json().path("errors").path("colour").asString())
        .isEqualTo(
            "property is not defined in schema and the schema does not allow additional properties");
    assertThat(reply.json().path("errors").path("ostemplate").asString())
        .isEqualTo("property is missing and it is not optional");
  }

  @Test
  void booleansMustBeOneOrZeroOnTheWire() {
    PveHttp.Reply reply =
        pve.post(
            "/nodes/pve/lxc",
            "vmid",
            "200",
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "unprivileged",
            "true");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("errors").path("unprivileged").asString())
        .isEqualTo("type check ('boolean') failed - got 'true'");
  }

  @Test
  void jsonBodiesAreAcceptedWithRealBooleans() {
    PveHttp.Reply reply =
        pve.postJson(
            "/nodes/pve/lxc",
            "{\"vmid\":201,\"ostemplate\":\""
                + SimulatorFixture.TEMPLATE
                + "\",\"rootfs\":\"local-lvm:8\",\"unprivileged\":true}");

    assertThat(reply.status()).isEqualTo(200);
    pve.waitTask(reply.data().asString());
    assertThat(simulator.world().requireGuest(201).config("unprivileged")).contains("1");
  }

  @Test
  void rangesEnumsAndPropertyStringsAreChecked() {
    assertThat(
            pve.post("/nodes/pve/lxc", "vmid", "99", "ostemplate", SimulatorFixture.TEMPLATE)
                .json()
                .path("errors")
                .path("vmid")
                .asString())
        .isEqualTo("value must have a minimum value of 100");
    assertThat(
            pve.post(
                    "/nodes/pve/lxc",
                    "vmid",
                    "300",
                    "ostemplate",
                    SimulatorFixture.TEMPLATE,
                    "net0",
                    "name=eth0,bridge=vmbr0,colour=red")
                .json()
                .path("errors")
                .path("net0")
                .asString())
        .startsWith("invalid format - format error")
        .contains("net0.colour: property is not defined in schema");
    assertThat(
            pve.get("/cluster/resources", "type", "galaxy")
                .json()
                .path("errors")
                .path("type")
                .asString())
        .startsWith("value 'galaxy' does not have a value in the enumeration");
  }

  @Test
  void semicolonsInFormValuesStayPartOfTheValue() {
    PveHttp.Reply reply =
        pve.postRawForm(
            "/nodes/pve/qemu",
            "vmid=1001&scsi0=local-lvm:4&ide2=none,media=cdrom&boot=order=scsi0;ide2");

    assertThat(reply.status()).isEqualTo(200);
    pve.waitTask(reply.data().asString());
    assertThat(simulator.world().requireGuest(1001).config("boot")).contains("order=scsi0;ide2");
  }

  @Test
  void apiRootWithoutPathIs501() {
    assertThat(pve.get("").status()).isEqualTo(501);
  }

  @Test
  void unknownPathOrMethodIs501() {
    PveHttp.Reply reply = pve.get("/nodes/pve/teleport");

    assertThat(reply.status()).isEqualTo(501);
    assertThat(reply.reason()).isEqualTo("Method 'GET /nodes/pve/teleport' not implemented");
    assertThat(pve.delete("/version").status()).isEqualTo(501);
  }

  @Test
  void serverClosesIdleKeepAliveConnections() throws Exception {
    try (SSLSocket socket = rawSocket()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api2/json/version HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: PVEAPIToken="
                  + simulator.apiToken()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readUntilBody(in);
      assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Keep-Alive");
      socket.setSoTimeout(200);
      // the idle limit is 500 ms in this test: the server must hang up by itself
      await().atMost(Duration.ofSeconds(5)).until(() -> endOfStream(in));
    }
  }

  @Test
  void serverClosesConnectionAfterAnError() throws Exception {
    try (SSLSocket socket = rawSocket()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api2/json/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readUntilBody(in);
      assertThat(head).startsWith("HTTP/1.1 401 No ticket");
      socket.setSoTimeout(200);
      await().atMost(Duration.ofSeconds(5)).until(() -> endOfStream(in));
    }
  }

  private static boolean endOfStream(InputStream in) throws IOException {
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static String readUntilBody(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static SSLSocket rawSocket() throws Exception {
    X509TrustManager trust =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(
              java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(
              java.security.cert.X509Certificate[] chain, String authType)
              throws java.security.cert.CertificateException {
            if (!chain[0].equals(PveHttpCertificates.parse(simulator.certificatePem()))) {
              throw new java.security.cert.CertificateException("not the simulator's certificate");
            }
          }

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trust}, null);
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", simulator.port());
    socket.startHandshake();
    return socket;
  }
}
