package io.phoenix.service.portainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.service.exec.PinnedTls;
import io.phoenix.simulator.portainer.PortainerEmulator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator answers errors the way Portainer does. */
class PortainerEmulatorTest {

  private static final MediaType JSON = MediaType.get("application/json");

  private PortainerEmulator portainer;
  private OkHttpClient http;

  @BeforeEach
  void start() throws Exception {
    portainer = PortainerEmulator.start("127.0.0.1", 0);
    http =
        PinnedTls.apply(new OkHttpClient.Builder(), portainer.certificateSha256(), null, false)
            .build();
  }

  @AfterEach
  void stop() {
    portainer.close();
  }

  private Response post(String path, String body, String jwt) throws Exception {
    Request.Builder request =
        new Request.Builder().url(portainer.baseUri() + path).post(RequestBody.create(body, JSON));
    if (jwt != null) {
      request.header("Authorization", "Bearer " + jwt);
    }
    return http.newCall(request.build()).execute();
  }

  @Test
  void aSecondAdminInitIsAConflict() throws Exception {
    String admin = "{\"Username\":\"admin\",\"Password\":\"a-long-enough-password\"}";
    try (Response first = post("/api/users/admin/init", admin, null)) {
      assertThat(first.code()).isEqualTo(200);
    }
    try (Response second = post("/api/users/admin/init", admin, null)) {
      assertThat(second.code()).isEqualTo(409);
      assertThat(second.body().string()).contains("Unable to create administrator user");
    }
  }

  @Test
  void badCredentialsAre422AndABadTokenIs401() throws Exception {
    post(
            "/api/users/admin/init",
            "{\"Username\":\"admin\",\"Password\":\"a-long-enough-password\"}",
            null)
        .close();
    try (Response login =
        post("/api/auth", "{\"Username\":\"admin\",\"Password\":\"wrong-password-here\"}", null)) {
      assertThat(login.code()).isEqualTo(422);
    }
    try (Response endpoints =
        http.newCall(
                new Request.Builder()
                    .url(portainer.baseUri() + "/api/endpoints")
                    .header("Authorization", "Bearer forged")
                    .build())
            .execute()) {
      assertThat(endpoints.code()).isEqualTo(401);
      assertThat(endpoints.body().string()).contains("Invalid JWT token");
    }
  }

  @Test
  void aStackWithoutAUsableNameIsAnInvalidPayloadAndATakenNameAConflict() throws Exception {
    post(
            "/api/users/admin/init",
            "{\"Username\":\"admin\",\"Password\":\"a-long-enough-password\"}",
            null)
        .close();
    String jwt;
    try (Response login =
        post(
            "/api/auth",
            "{\"Username\":\"admin\",\"Password\":\"a-long-enough-password\"}",
            null)) {
      jwt = login.body().string().replaceAll(".*\"jwt\":\"([^\"]+)\".*", "$1");
    }
    Request form =
        new Request.Builder()
            .url(portainer.baseUri() + "/api/endpoints")
            .header("Authorization", "Bearer " + jwt)
            .post(
                new okhttp3.FormBody.Builder()
                    .add("Name", "drphoenix")
                    .add("EndpointCreationType", "2")
                    .add("URL", "tcp://10.0.0.102:9001")
                    .build())
            .build();
    try (Response created = http.newCall(form).execute()) {
      assertThat(created.code()).isEqualTo(200);
    }
    String path = "/api/stacks/create/standalone/string?endpointId=1";
    try (Response invalid =
        post(path, "{\"Name\":\"!!!\",\"StackFileContent\":\"services: {}\"}", jwt)) {
      assertThat(invalid.code()).isEqualTo(400);
      assertThat(invalid.body().string()).contains("Invalid stack name");
    }
    try (Response ok =
        post(path, "{\"Name\":\"Qdrant\",\"StackFileContent\":\"services: {}\"}", jwt)) {
      assertThat(ok.code()).isEqualTo(200);
    }
    try (Response taken =
        post(path, "{\"Name\":\"qdrant\",\"StackFileContent\":\"services: {}\"}", jwt)) {
      assertThat(taken.code()).isEqualTo(409);
    }
    assertThat(portainer.stacks())
        .extracting(PortainerEmulator.Stack::name)
        .containsExactly("qdrant");
  }
}
