package io.phoenix.cli.inventory;

import io.phoenix.common.inventory.InventoryResult;
import io.phoenix.orchestrator.planning.LatencyProfile;
import io.phoenix.orchestrator.planning.Plan;
import io.phoenix.orchestrator.planning.PlanRenderer;
import io.phoenix.orchestrator.planning.Planner;
import io.phoenix.orchestrator.planning.PlanningException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code phoenix plan <ids...>}: the step DAG a build of those guests would run. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show the steps a build would run: waves of steps that can run in parallel, the critical",
      "path and its estimated length (text), or the DAG as json, mermaid or dot.",
      "Guests the requested ones need (dependencies, clone sources, the CA) are pulled in."
    })
public final class PlanCommand implements Callable<Integer> {

  @Mixin InventoryOptions inventory = new InventoryOptions();

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text, json, mermaid or dot (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--action",
      defaultValue = "create",
      paramLabel = "ACTION",
      description = "create or destroy (default: ${DEFAULT-VALUE}).")
  String action;

  @Option(
      names = "--force",
      description = "destroy: also destroy templates that other guests still clone from.")
  boolean force;

  @Option(
      names = "--latency-profile",
      paramLabel = "FILE",
      description =
          "YAML map of step kind to duration overriding the default estimates,"
              + " e.g. 'service.feature.docker: 3m'.")
  Path latencyProfile;

  @Parameters(arity = "1..*", paramLabel = "ID", description = "Guest ids, e.g. 900 103 101.")
  List<Integer> guests;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PlanRenderer.Format chosen = PlanRenderer.Format.of(format);
    if (chosen == null) {
      err.println("unknown format '" + format + "'; use text, json, mermaid or dot");
      err.flush();
      return 1;
    }
    InventoryResult result = inventory.load();
    if (Problems.report(result, err, false)) {
      err.println(
          "the inventory has errors; fix them and plan again (phoenix validate lists them)");
      err.flush();
      return 1;
    }
    try {
      Planner planner = new Planner(profile());
      Plan plan =
          "destroy".equals(action)
              ? planner.destroy(result.inventory(), guests, force)
              : planner.plan(result.inventory(), action, guests);
      out.print(PlanRenderer.render(plan, chosen));
      out.flush();
      return 0;
    } catch (PlanningException | IllegalArgumentException e) {
      err.println("cannot plan: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private LatencyProfile profile() {
    if (latencyProfile == null) {
      return LatencyProfile.defaults();
    }
    JsonNode tree;
    try {
      tree = YAMLMapper.builder().build().readTree(Files.readString(latencyProfile));
    } catch (IOException | JacksonException e) {
      throw new IllegalArgumentException(
          "latency profile " + latencyProfile + " cannot be read: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(
          "latency profile " + latencyProfile + " should be a map like 'proxmox.clone.vm: 45s'");
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    tree.properties().forEach(e -> overrides.put(e.getKey(), e.getValue().asString()));
    return LatencyProfile.defaults().with(overrides);
  }
}
