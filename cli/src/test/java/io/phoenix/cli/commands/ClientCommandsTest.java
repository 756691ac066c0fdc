package io.phoenix.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.cli.PhoenixCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClientCommandsTest {

  record Run(int exitCode, String out, String err, Duration took) {}

  static Run run(String... args) {
    CommandLine cli = PhoenixCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    Instant start = Instant.now();
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString(), Duration.between(start, Instant.now()));
  }

  /** A loopback port nothing listens on. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  @Test
  void createWithUnreachableKafkaFailsWithinFifteenSecondsNamingTheAddress() throws Exception {
    String kafka = "127.0.0.1:" + closedPort();

    Run run = run("create", "--kafka", kafka, "--world", "/nonexistent/world.properties", "900");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.took()).isLessThan(Duration.ofSeconds(15));
    assertThat(run.err()).contains("cannot reach Kafka at " + kafka).contains("--kafka");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void createWithoutAnyKafkaAddressSaysHowToGiveOne() {
    Run run = run("status", "--world", "/nonexistent/world.properties");

    // PHOENIX_KAFKA may be set where the suite runs; only check the message when it is not.
    if (System.getenv("PHOENIX_KAFKA") == null) {
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("no Kafka address").contains("PHOENIX_KAFKA");
    }
  }

  @Test
  void badGuestIdIsAUsageErrorNotATrace() {
    Run run = run("create", "--kafka", "127.0.0.1:1", "nine-hundred");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nine-hundred").doesNotContain("\tat ");
  }

  @Test
  void badDurationIsExplained() {
    Run run = run("create", "--kafka", "127.0.0.1:1", "--timeout", "soon", "900");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration");
  }
}
