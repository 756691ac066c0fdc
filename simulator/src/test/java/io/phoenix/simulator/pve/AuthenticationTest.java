package io.phoenix.simulator.pve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

  static PveSimulator simulator;

  @BeforeAll
  static void start() {
    simulator = PveSimulator.start(SimulatorFixture.fast());
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  @Test
  void apiTokenLooksLikeUserRealmTokenIdWithRandomSecret() {
    assertThat(simulator.apiToken()).matches("root@pam!phoenix=[0-9a-f-]{36}");
    try (PveSimulator other = PveSimulator.start(SimulatorFixture.fast())) {
      assertThat(other.apiToken()).isNotEqualTo(simulator.apiToken());
    }
  }

  @Test
  void validTokenIsAccepted() {
    assertThat(new PveHttp(simulator).get("/nodes").status()).isEqualTo(200);
  }

  @Test
  void wrongTokenSecretGetsDelayed401WithEmptyBody() {
    PveHttp pve =
        new PveHttp(simulator).withAuthorization("PVEAPIToken=root@pam!phoenix=not-the-secret");
    Instant before = Instant.now();

    PveHttp.Reply reply = pve.get("/nodes");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).isEmpty();
    assertThat(Duration.between(before, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void missingCredentialsGet401NoTicket() {
    PveHttp.Reply reply = new PveHttp(simulator).withAuthorization(null).get("/nodes");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.reason()).isEqualTo("No ticket");
    assertThat(reply.body()).isEmpty();
  }

  @Test
  void ticketWorksForReadsAndNeedsCsrfTokenForWrites() {
    PveHttp anonymous = new PveHttp(simulator).withAuthorization(null);
    PveHttp.Reply login =
        anonymous.post("/access/ticket", "username", "root@pam", "password", simulator.password());
    assertThat(login.status()).isEqualTo(200);
    String ticket = login.data().path("ticket").asString();
    String csrf = login.data().path("CSRFPreventionToken").asString();
    assertThat(ticket).startsWith("PVE:root@pam:");

    PveHttp withTicket = new PveHttp(simulator).withTicket(ticket, csrf);
    assertThat(withTicket.get("/cluster/resources", "type", "vm").status()).isEqualTo(200);
    PveHttp.Reply withCsrf =
        withTicket.post(
            "/nodes/pve/lxc",
            "vmid",
            "150",
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "rootfs",
            "local-lvm:4");
    assertThat(withCsrf.status()).isEqualTo(200);
    assertThat(withCsrf.data().asString()).contains(":vzcreate:150:root@pam:");

    PveHttp.Reply noCsrf =
        new PveHttp(simulator)
            .withTicket(ticket, null)
            .post("/nodes/pve/lxc", "vmid", "151", "ostemplate", SimulatorFixture.TEMPLATE);
    assertThat(noCsrf.status()).isEqualTo(401);
    assertThat(noCsrf.body()).isEmpty();
  }

  @Test
  void everyTicketIsAcceptedWhateverBase64CharactersItHolds() {
    PveHttp anonymous = new PveHttp(simulator).withAuthorization(null);
    for (int i = 0; i < 10; i++) {
      PveHttp.Reply login =
          anonymous.post(
              "/access/ticket", "username", "root@pam", "password", simulator.password());
      PveHttp withTicket =
          new PveHttp(simulator)
              .withTicket(
                  login.data().path("ticket").asString(),
                  login.data().path("CSRFPreventionToken").asString());

      assertThat(withTicket.get("/version").status()).isEqualTo(200);
    }
  }

  @Test
  void wrongPasswordGets401WithEmptyBody() {
    PveHttp.Reply reply =
        new PveHttp(simulator)
            .withAuthorization(null)
            .post("/access/ticket", "username", "root@pam", "password", "guess");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.reason()).isEqualTo("authentication failure");
    assertThat(reply.body()).isEmpty();
  }

  @Test
  void tokensMayNotSetFeatureFlagsOtherThanNesting() {
    PveHttp pve = new PveHttp(simulator);
    PveHttp.Reply reply =
        pve.post(
            "/nodes/pve/lxc",
            "vmid",
            "160",
            "ostemplate",
            SimulatorFixture.TEMPLATE,
            "rootfs",
            "local-lvm:4",
            "features",
            "nesting=1,keyctl=1");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.reason()).startsWith("Permission check failed");
    assertThat(
            pve.post(
                    "/nodes/pve/lxc",
                    "vmid",
                    "161",
                    "ostemplate",
                    SimulatorFixture.TEMPLATE,
                    "rootfs",
                    "local-lvm:4",
                    "features",
                    "nesting=1")
                .status())
        .isEqualTo(200);
  }
}
