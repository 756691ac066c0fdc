package io.phoenix.orchestrator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlanRendererTest {

  private final Plan plan = new Planner().create(PlannerTest.SEED, List.of(1002));

  @Test
  void jsonHasStepsPulledInAndCriticalPath() {
    JsonNode json = Envelopes.json().readTree(PlanRenderer.render(plan, PlanRenderer.Format.JSON));

    assertThat(json.path("pulledIn").size()).isEqualTo(6);
    assertThat(json.path("criticalPath").size()).isEqualTo(plan.criticalPath().size());
    assertThat(json.path("steps").size()).isEqualTo(plan.steps().size());
    JsonNode clone =
        json.path("steps")
            .valueStream()
            .filter(s -> s.path("id").asString().equals("1002/clone"))
            .findFirst()
            .orElseThrow();
    assertThat(clone.path("guest").asInt()).isEqualTo(1002);
    assertThat(clone.path("action").asString()).isEqualTo("clone");
    assertThat(clone.path("agent").asString()).isEqualTo("proxmox");
    assertThat(clone.path("lock").asString()).isEqualTo("guest:9000");
    assertThat(clone.path("estimateMs").asLong()).isEqualTo(45_000);
    assertThat(clone.path("dependsOn").get(0).asString()).isEqualTo("9000/template");
  }

  @Test
  void textShowsWavesAndTheCriticalPath() {
    String text = PlanRenderer.render(plan, PlanRenderer.Format.TEXT);

    assertThat(text).contains("pulled in: 9000 900 103 101 102 1001");
    assertThat(text).contains("\nwave 1\n");
    assertThat(text)
        .containsPattern("\\n  \\* 900/create +proxmox +t\\+0ms +30s +lock storage:pve/local");
    assertThat(text).contains("critical path (" + PlanRenderer.duration(plan.estimateMs()));
    assertThat(text).contains(String.join(" -> ", plan.criticalPath()));
    // 900/create and 9000/create have no dependencies: the same wave.
    String firstWave = text.substring(text.indexOf("wave 1"), text.indexOf("wave 2"));
    assertThat(firstWave).contains("900/create", "9000/create", "103/provisioner");
  }

  @Test
  void mermaidAndDotDrawEveryEdge() {
    long edges = plan.steps().stream().mapToLong(s -> s.dependsOn().size()).sum();

    String mermaid = PlanRenderer.render(plan, PlanRenderer.Format.MERMAID);
    String dot = PlanRenderer.render(plan, PlanRenderer.Format.DOT);

    assertThat(mermaid).startsWith("flowchart TD");
    assertThat(mermaid.lines().filter(l -> l.contains(" --> ")).count()).isEqualTo(edges);
    assertThat(dot).startsWith("digraph plan {").endsWith("}\n");
    assertThat(dot.lines().filter(l -> l.contains("\" -> \"")).count()).isEqualTo(edges);
    assertThat(dot).contains("\"9000/template\" -> \"1002/clone\"");
  }

  @Test
  void durationsReadNaturally() {
    assertThat(PlanRenderer.duration(800)).isEqualTo("800ms");
    assertThat(PlanRenderer.duration(45_000)).isEqualTo("45s");
    assertThat(PlanRenderer.duration(750_000)).isEqualTo("12m30s");
    assertThat(PlanRenderer.duration(3_720_000)).isEqualTo("1h02m");
  }
}
