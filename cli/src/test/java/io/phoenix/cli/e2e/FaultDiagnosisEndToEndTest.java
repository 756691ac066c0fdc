package io.phoenix.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.cli.PhoenixCommand;
import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.runtime.EmbeddedWorld;
import io.phoenix.cli.runtime.Services;
import io.phoenix.cli.runtime.SimulatedHost;
import io.phoenix.common.contract.BuildFailed;
import io.phoenix.common.contract.BuildRequest;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.Topics;
import io.phoenix.simulator.effects.CommandFault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The world broken on purpose: nginx's feature script fails inside guest 101. The build must fail
 * there, and {@code phoenix replay} must name that step as the root cause with what it blocked, and
 * find no divergence when it re-runs the orchestrator's decisions.
 */
class FaultDiagnosisEndToEndTest {

  private static final String BROKEN_STEP = "101/feature/nginx";

  @TempDir static Path dir;
  private static EmbeddedWorld world;
  private static CloudEvent end;

  @BeforeAll
  static void buildIntoABrokenWorld() {
    world =
        EmbeddedWorld.start(
            new EmbeddedWorld.Options(
                dir.resolve("kafka"),
                0,
                0,
                EnumSet.allOf(Services.class),
                dir.resolve("world.properties"),
                SimulatedHost.DEFAULT_SPEED));
    world
        .host()
        .guests()
        .effects()
        .faults()
        .add(
            CommandFault.fail(
                101, "features/nginx/run.sh apply", 1, "nginx: [emerg] broken on purpose"));
    List<CloudEvent> events = new ArrayList<>();
    try (BuildClient client = new BuildClient(world.kafkaBootstrap(), Topics.defaults())) {
      client.fromEnd();
      String requestId = "fault-" + UUID.randomUUID();
      client.send(new BuildRequest(requestId, BuildRequest.CREATE, List.of(101), false));
      CloudEvent accepted = client.awaitAccepted(requestId, Duration.ofMinutes(2));
      end = client.follow(accepted.buildid(), events::add, Duration.ofMinutes(10));
    }
  }

  @AfterAll
  static void stop() {
    if (world != null) {
      world.close();
    }
  }

  @Test
  void theBuildFailsAtTheBrokenFeature() {
    assertThat(end.type()).isEqualTo(EventTypes.BUILD_FAILED);
    BuildFailed failed = (BuildFailed) Envelopes.data(end);
    assertThat(failed.failedStep()).isEqualTo(BROKEN_STEP);
    assertThat(failed.reason()).contains("broken on purpose");
  }

  @Test
  void replayNamesTheRootCauseAndWhatItBlockedAndVerifiesTheDecisions() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PhoenixCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "replay",
            end.buildid(),
            "--kafka",
            world.kafkaBootstrap(),
            "--world",
            dir.resolve("world.properties").toString(),
            "--verify");

    assertThat(err.toString()).isEmpty();
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("root cause: " + BROKEN_STEP)
        .contains("broken on purpose")
        .contains("101/health")
        .contains("no divergence");
  }
}
