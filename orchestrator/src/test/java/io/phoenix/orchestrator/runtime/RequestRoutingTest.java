package io.phoenix.orchestrator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** Build ids, their partitions, and how requests are read and checked. */
class RequestRoutingTest {

  @Test
  void aBuildIdIsDerivedFromItsRequestIdAndStable() {
    assertThat(BuildIds.forRequest("r-1"))
        .isEqualTo(BuildIds.forRequest("r-1"))
        .matches("b-[0-9a-f]{16}");
    assertThat(BuildIds.forRequest("r-1")).isNotEqualTo(BuildIds.forRequest("r-2"));
  }

  @Test
  void theBuildPartitionIsTheOneKafkasDefaultPartitionerPicksForTheBuildId() {
    for (int i = 0; i < 200; i++) {
      String buildId = BuildIds.forRequest("request-" + i);
      for (int partitions : List.of(1, 3, 6, 12)) {
        assertThat(BuildIds.partition(buildId, partitions))
            .isEqualTo(
                BuiltInPartitioner.partitionForKey(
                    buildId.getBytes(StandardCharsets.UTF_8), partitions));
      }
    }
  }

  @Test
  void aRequestIsReadWithItsOperatorFields() {
    RequestMessage cancel =
        RequestIntake.parse(
            "{\"action\":\"cancel\",\"buildId\":\"b-1\",\"reason\":\"stop\",\"extra\":1}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(cancel.action()).isEqualTo("cancel");
    assertThat(cancel.buildId()).isEqualTo("b-1");
    assertThat(RequestIntake.problem(cancel)).isNull();
  }

  @Test
  void unreadableRequestsNameTheProblem() {
    assertThatThrownBy(() -> RequestIntake.parse(new byte[0]))
        .hasMessageStartingWith("request has no value");
    assertThatThrownBy(() -> RequestIntake.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("request is not a JSON object");
    assertThatThrownBy(() -> RequestIntake.parse(new byte[1024 * 1024 + 1]))
        .hasMessageContaining("the limit is 1048576");
  }

  @Test
  void invalidRequestsNameWhatIsMissing() {
    assertThat(RequestIntake.problem(new RequestMessage(null, null, null, null, null, null)))
        .startsWith("request lacks 'action'");
    assertThat(new RequestMessage(null, null, List.of(1), null, null, null).action())
        .as("a request that only lists guests creates them")
        .isEqualTo("create");
    assertThat(
            RequestIntake.problem(new RequestMessage(null, "create", List.of(), null, null, null)))
        .startsWith("request lacks 'guests'");
    assertThat(
            RequestIntake.problem(new RequestMessage(null, "create", List.of(0), null, null, null)))
        .isEqualTo("guest id 0 is not a positive number");
    assertThat(RequestIntake.problem(new RequestMessage(null, "retry", null, null, null, null)))
        .isEqualTo("retry needs 'buildId', the build to retry");
    assertThat(
            RequestIntake.problem(
                new RequestMessage(null, "destroy", List.of(101), null, null, null)))
        .isNull();
  }
}
