package io.phoenix.cli.commands;

import io.phoenix.cli.client.BuildClient;
import io.phoenix.cli.client.CliException;
import io.phoenix.cli.follow.BuildView;
import io.phoenix.cli.follow.BuildView.StepView;
import io.phoenix.cli.follow.ConsoleRenderer;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code phoenix status [buildId]}: builds and their steps, read from the event log. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show builds (or one build's steps) from the event log.")
public final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Parameters(arity = "0..1", paramLabel = "BUILD_ID", description = "one build to show")
  String buildId;

  @Option(names = "--json", description = "machine-readable output")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, BuildView> builds = new LinkedHashMap<>();
    try (BuildClient client = new BuildClient(connection.kafka(), connection.topics())) {
      for (CloudEvent event : client.readAll(Duration.ofSeconds(20))) {
        if (event.buildid() != null && (buildId == null || buildId.equals(event.buildid()))) {
          builds.computeIfAbsent(event.buildid(), id -> new BuildView()).apply(event);
        }
      }
    }
    if (buildId != null && !builds.containsKey(buildId)) {
      throw new CliException("no build " + buildId + " in the event log");
    }
    if (json) {
      out.println(
          Envelopes.json().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(builds)));
    } else if (buildId != null) {
      printSteps(out, builds.get(buildId));
    } else {
      out.println(String.format("%-38s %-10s %6s %s", "BUILD", "RESULT", "STEPS", "DURATION"));
      for (BuildView b : builds.values()) {
        out.println(
            String.format(
                "%-38s %-10s %6d %s",
                b.buildId(),
                b.result() == null ? "running" : b.result(),
                b.steps().size(),
                b.elapsed(Clock.systemUTC().instant()).toSeconds() + "s"));
      }
    }
    out.flush();
    return 0;
  }

  private static void printSteps(PrintWriter out, BuildView build) {
    out.println(
        String.format(
            "%-32s %-10s %-8s %-20s %s", "STEP", "STATUS", "ATTEMPT", "OUTCOME", "ERROR"));
    for (StepView s : build.steps()) {
      out.println(
          String.format(
              "%-32s %-10s %-8d %-20s %s",
              s.id(),
              s.status(),
              s.attempt(),
              s.outcome() == null ? "" : s.outcomeLabel(),
              s.error() == null ? "" : s.error()));
    }
    List<String> simulated = build.simulatedLines();
    if (!simulated.isEmpty()) {
      out.println();
      simulated.forEach(out::println);
    }
    out.println();
    out.println(ConsoleRenderer.finalLine(build, Clock.systemUTC()));
  }

  private static ArrayNode toJson(Map<String, BuildView> builds) {
    ArrayNode all = Envelopes.json().createArrayNode();
    for (BuildView b : builds.values()) {
      ObjectNode node = all.addObject();
      node.put("buildId", b.buildId());
      node.put("result", b.result() == null ? "running" : b.result());
      if (b.failedStep() != null) {
        node.put("failedStep", b.failedStep());
        node.put("failure", b.failure());
      }
      List<ObjectNode> steps = new ArrayList<>();
      ArrayNode stepArray = node.putArray("steps");
      for (StepView s : b.steps()) {
        ObjectNode step = stepArray.addObject();
        step.put("id", s.id());
        step.put("status", s.status().name().toLowerCase());
        step.put("attempt", s.attempt());
        if (s.outcome() != null) {
          step.put("outcome", s.outcome());
        }
        if (s.simulated() != null) {
          step.put("simulated", s.simulated());
        }
        if (s.error() != null) {
          step.put("error", s.error());
        }
        steps.add(step);
      }
    }
    return all;
  }
}
