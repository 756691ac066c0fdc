package io.phoenix.cli.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.inventory.InventoryLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class InventoryCommandsTest {

  static final String SEED = "../inventory/phoenix.yaml";
  static final String NEWEST = "../../shared/reference/phoenix/rootesting-35c465b";
  static final String OLDEST = "../../shared/reference/phoenix/main-0385ea2";

  /** Exit code, stdout and stderr of one command run. */
  record Run(int exit, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void planJsonOfTheReferenceBuild() {
    Run run =
        run(
            new PlanCommand(),
            "--inventory",
            SEED,
            "--format",
            "json",
            "900",
            "103",
            "101",
            "102",
            "9000",
            "1001",
            "1002");

    assertThat(run.exit()).isZero();
    JsonNode plan = Envelopes.json().readTree(run.out());
    assertThat(plan.path("pulledIn").isEmpty()).isTrue();
    List<String> ids = new ArrayList<>();
    plan.path("steps").forEach(s -> ids.add(s.path("id").asString()));
    assertThat(ids)
        .contains("103/pin-root", "101/sign/nginx", "102/cert/traefik", "1002/stack/qdrant");
    JsonNode clone =
        plan.path("steps")
            .valueStream()
            .filter(s -> s.path("id").asString().equals("1001/clone"))
            .findFirst()
            .orElseThrow();
    assertThat(clone.path("dependsOn").toString()).isEqualTo("[\"9000/template\"]");
    assertThat(clone.path("lock").asString()).isEqualTo("guest:9000");
    assertThat(plan.path("criticalPath").size()).isPositive();
  }

  @Test
  void planOfOneGuestSaysWhichGuestsWerePulledIn() {
    Run run = run(new PlanCommand(), "--inventory", SEED, "1002");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("pulled in: 9000 900 103 101 102 1001");
    assertThat(run.out()).contains("critical path (");
  }

  @Test
  void planWithoutInventoryOptionUsesTheDefault() {
    Run run = run(new PlanCommand(), "--format", "mermaid", "900");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).startsWith("flowchart TD").contains("900/template");
  }

  @Test
  void planFromTheOriginalConfigs() {
    Run run = run(new PlanCommand(), "--phoenix-configs", NEWEST, "--format", "dot", "1002");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("digraph plan {")
        .contains("\"9000/template\" -> \"1002/clone\"");
    assertThat(run.err()).contains("warnings (phoenix validate shows them)");
  }

  @Test
  void planOfAnUnknownGuestFailsClearly() {
    Run run = run(new PlanCommand(), "--inventory", SEED, "4242");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("cannot plan: guest 4242 is not in the inventory");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void planRejectsACycleWithItsPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cycle.yaml");
    Files.writeString(
        file,
        """
        version: 1
        nodes: [{name: pve}]
        guests:
          - {id: 900, kind: lxc, template: true, source: {ostemplate: "local:vztmpl/u.tar.zst"}}
          - {id: 201, kind: lxc, source: {clone: 900}, dependsOn: [202]}
          - {id: 202, kind: lxc, source: {clone: 900}, dependsOn: [201]}
        """);

    Run run = run(new PlanCommand(), "--inventory", file.toString(), "201");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(file + ":5: error: $.guests[1]: dependency cycle: 201 -> 202 -> 201");
  }

  @Test
  void destroyPlanGoesDependentsFirst() {
    Run run =
        run(
            new PlanCommand(),
            "--inventory",
            SEED,
            "--action",
            "destroy",
            "--format",
            "json",
            "9000",
            "1001",
            "1002");

    assertThat(run.exit()).isZero();
    JsonNode plan = Envelopes.json().readTree(run.out());
    assertThat(plan.path("steps").get(plan.path("steps").size() - 1).path("id").asString())
        .isEqualTo("9000/destroy");
  }

  @Test
  void unknownFormatIsRefused() {
    Run run = run(new PlanCommand(), "--format", "svg", "900");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("use text, json, mermaid or dot");
  }

  @Test
  void validateReportsEveryErrorWithFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        version: 1
        nodes: [{name: pve}]
        guests:
          - {id: 900, kind: lxc, source: {ostemplate: "local:vztmpl/u.tar.zst"}}
          - {id: 101, kind: lxc, source: {clone: 900}, features: [nginxx]}
          - {id: 102, kind: lxc, source: {clone: 999}}
        """);

    Run run = run(new ValidateCommand(), "--inventory", file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            file
                + ":5: error: $.guests[1].source.clone: guest 101 clones 900, which is not a template")
        .contains(file + ":5: error: $.guests[1].features[0]: guest 101: unknown feature 'nginxx'")
        .contains(file + ":6: error: $.guests[2].source.clone: guest 102 clones 999");
    assertThat(run.out()).contains("3 guests, 3 errors, 0 warnings");
  }

  @Test
  void validateOfMalformedYamlIsAnErrorNotAStackTrace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "version: 1\nguests: [\n");

    Run run = run(new ValidateCommand(), "--inventory", file.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("error: not valid YAML")
        .doesNotContain("at io.")
        .doesNotContain("Exception");
  }

  @Test
  void validateWithWarningsOnlyExitsZero() {
    Run run = run(new ValidateCommand(), "--phoenix-configs", OLDEST);

    assertThat(run.exit()).isZero();
    assertThat(run.err()).contains("warning:");
    assertThat(run.out()).contains(" 0 errors, ");
  }

  @Test
  void seedValidatesClean() {
    Run run = run(new ValidateCommand(), "--inventory", SEED);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(SEED + ": 7 guests, 0 errors, 0 warnings\n");
  }

  @Test
  void importPrintsANativeInventoryThatLoads() {
    Run run = run(new ImportCommand(), "--quiet", NEWEST);

    assertThat(run.exit()).isZero();
    assertThat(InventoryLoader.parse(run.out(), "imported.yaml").errors()).isEmpty();
    assertThat(run.err()).contains("warnings (phoenix validate shows them)");
  }

  @Test
  void importOfAMissingDirectoryFails() {
    Run run = run(new ImportCommand(), "no/such/dir");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("is not a directory");
  }

  @Test
  void benchPlanPrintsItsFigureAsJson() {
    Run run =
        run(
            new BenchPlanCommand(),
            "--json",
            "--guests",
            "300",
            "--nodes",
            "3",
            "--warmups",
            "0",
            "--runs",
            "1");

    assertThat(run.exit()).isZero();
    assertThat(Envelopes.json().readTree(run.out()).path("plan.ms10k").isIntegralNumber()).isTrue();
  }
}
