package io.phoenix.cli.inventory;

import io.phoenix.orchestrator.planning.PlanBenchmark;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phoenix bench plan}: how long planning a large generated inventory takes. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Plan a generated inventory (default 10,000 guests over 20 nodes) and print how long it",
      "took: the best of the timed runs after warm-up runs (the median and the planning thread's",
      "CPU time are shown too). --json prints {\"plan.ms10k\": N}."
    })
public final class BenchPlanCommand implements Callable<Integer> {

  @Option(names = "--guests", defaultValue = "10000", description = "Guests to generate.")
  int guests;

  @Option(names = "--nodes", defaultValue = "20", description = "Proxmox nodes to spread them on.")
  int nodes;

  @Option(names = "--warmups", defaultValue = "2", description = "Untimed runs first.")
  int warmups;

  @Option(names = "--runs", defaultValue = "5", description = "Timed runs.")
  int runs;

  @Option(names = "--json", description = "Print {\"plan.ms10k\": N} only.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (guests < 2 * nodes + 2 || nodes < 1 || runs < 1 || warmups < 0) {
      err.println("need --nodes >= 1, --guests >= 2 * nodes + 2, --runs >= 1 and --warmups >= 0");
      err.flush();
      return 1;
    }
    PlanBenchmark.Result result = PlanBenchmark.run(guests, nodes, warmups, runs);
    if (json) {
      out.println("{\"plan.ms10k\": " + result.minMs() + "}");
    } else {
      out.printf(
          "planned %d guests over %d nodes (%d steps): best %d ms, median %d ms, planning thread"
              + " CPU %d ms (median of %d runs after %d warm-ups)%n",
          result.guests(),
          result.nodes(),
          result.steps(),
          result.minMs(),
          result.medianMs(),
          result.medianCpuMs(),
          runs,
          warmups);
    }
    out.flush();
    return 0;
  }
}
