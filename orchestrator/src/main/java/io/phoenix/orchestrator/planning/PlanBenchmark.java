package io.phoenix.orchestrator.planning;

import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Inventory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Times the planner on a generated inventory ({@link SyntheticInventory}): a few warm-up runs, then
 * the median of the timed runs. Generating the inventory is not timed; planning every guest of it
 * is. Reads the clock, so it lives beside the planner, never inside it.
 */
public final class PlanBenchmark {

  /** What one benchmark measured. */
  public record Result(
      int guests, int nodes, int steps, long medianMs, long minMs, long medianCpuMs) {}

  private PlanBenchmark() {}

  public static Result run(int guests, int nodes, int warmups, int runs) {
    Inventory inventory = SyntheticInventory.generate(guests, nodes, 42);
    List<Integer> all = inventory.guests().stream().map(Guest::id).toList();
    Planner planner = new Planner();
    int steps = 0;
    for (int i = 0; i < warmups; i++) {
      steps = planner.create(inventory, all).steps().size();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] times = new long[runs];
    long[] cpu = new long[runs];
    for (int i = 0; i < runs; i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      steps = planner.create(inventory, all).steps().size();
      times[i] = (System.nanoTime() - start) / 1_000_000;
      cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
    }
    Arrays.sort(times);
    Arrays.sort(cpu);
    return new Result(guests, nodes, steps, times[runs / 2], times[0], cpu[runs / 2]);
  }
}
