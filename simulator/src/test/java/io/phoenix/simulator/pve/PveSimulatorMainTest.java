package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class PveSimulatorMainTest {

  @Test
  void mainPrintsTheBaseAddressAndTokenAndServesUntilStopped() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                PveSimulator.class.getName(),
                "--speed",
                "0.01")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (java.io.IOException e) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      // logging may share stdout: look for the two lines, not at fixed positions
      await().atMost(Duration.ofSeconds(90)).until(() -> line(lines, "token: ") != null);

      String proxmox = line(lines, "proxmox: ");
      String tokenLine = line(lines, "token: ");
      assertThat(proxmox).matches("proxmox: https://127\\.0\\.0\\.1:\\d+");
      assertThat(tokenLine).matches("token: root@pam!phoenix=[0-9a-f-]{36}");
      String base = proxmox.substring("proxmox: ".length());
      String token = tokenLine.substring("token: ".length());
      try (Response response =
          insecureClient()
              .newCall(
                  new Request.Builder()
                      .url(base + "/api2/json/version")
                      .header("Authorization", "PVEAPIToken=" + token)
                      .build())
              .execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
  }

  /** The certificate is checked elsewhere; here only the printed address and token matter. */
  private static OkHttpClient insecureClient() throws Exception {
    X509TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(
              java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(
              java.security.cert.X509Certificate[] chain, String authType) {}

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        };
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {trustAll}, null);
    return new OkHttpClient.Builder()
        .sslSocketFactory(ssl.getSocketFactory(), trustAll)
        .hostnameVerifier((host, session) -> true)
        .build();
  }
}
