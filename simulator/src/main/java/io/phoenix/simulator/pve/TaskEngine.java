package io.phoenix.simulator.pve;

import io.phoenix.simulator.world.MachineException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers: each gets a UPID, stays "running" for its type's duration (profile times speed
 * factor) and then does its work, ending OK, with warnings, or with the error its work threw (or a
 * fault forced). The work runs on a worker thread of its own, so a real machine operation ({@link
 * io.phoenix.simulator.world.GuestMachines}) may take as long as it takes.
 */
final class TaskEngine {

  private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);

  /** What a task does when its time is up; log lines starting "WARN: " count as warnings. */
  @FunctionalInterface
  interface Work {
    void complete(Task task);
  }

  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Settings settings;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final AtomicInteger pids =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(0x1000, 0xF0000));
  private final long bootEpoch = Instant.now().getEpochSecond() - 3600;
  private final AtomicLong generation = new AtomicLong();

  TaskEngine(ScheduledExecutorService scheduler, ExecutorService workers, Settings settings) {
    this.scheduler = scheduler;
    this.workers = workers;
    this.settings = settings;
  }

  /**
   * Starts a task.
   *
   * @param work runs when the duration is over; throwing {@link PveException} fails the task
   * @param abort undoes the start's effects when the task fails (may be null)
   * @param forcedError when not null the task fails with this text instead of completing
   */
  Task start(
      String node,
      String type,
      String id,
      String user,
      List<String> startLog,
      Work work,
      Runnable abort,
      String forcedError) {
    return start(
        node, type, id, user, startLog, settings.taskDuration(type), work, abort, forcedError);
  }

  /** Starts a task that runs for {@code duration} (already at the current speed factor). */
  Task start(
      String node,
      String type,
      String id,
      String user,
      List<String> startLog,
      Duration duration,
      Work work,
      Runnable abort,
      String forcedError) {
    long now = Instant.now().getEpochSecond();
    Task task =
        new Task(node, type, id, user, pids.incrementAndGet(), (now - bootEpoch) * 100, now);
    startLog.forEach(task::log);
    tasks.put(task.upid, task);
    long gen = generation.get();
    scheduler.schedule(
        () -> {
          if (gen == generation.get()) {
            workers.execute(() -> run(task, work, abort, forcedError));
          }
        },
        duration.toMillis(),
        TimeUnit.MILLISECONDS);
    return task;
  }

  /**
   * A task that fails with {@code error} after {@code after} (at speed 1): a worker that waited for
   * something in vain, such as a lock.
   */
  Task failedAfter(String node, String type, String id, String user, String error, Duration after) {
    return start(
        node,
        type,
        id,
        user,
        List.of(),
        scaled(after),
        t -> {
          throw PveException.fail(error);
        },
        null,
        null);
  }

  /** How long a task of {@code type} runs now (at the current speed factor). */
  Duration duration(String type) {
    return settings.taskDuration(type);
  }

  /** {@code duration} at the current speed factor. */
  Duration scaled(Duration duration) {
    return Duration.ofNanos((long) (duration.toNanos() * settings.speedFactor()));
  }

  /** A task that fails at once with {@code error} (Proxmox starts the worker, which dies). */
  Task failed(String node, String type, String id, String user, String error) {
    return start(
        node,
        type,
        id,
        user,
        List.of(),
        t -> {
          throw PveException.fail(error);
        },
        null,
        null);
  }

  private void run(Task task, Work work, Runnable abort, String forcedError) {
    if (!task.running()) {
      return; // stopped through the API before its time was up
    }
    String status;
    try {
      if (forcedError != null) {
        throw PveException.fail(forcedError);
      }
      work.complete(task);
      long warnings = task.warnings();
      status = warnings == 0 ? "OK" : "WARNINGS: " + warnings;
    } catch (PveException | MachineException e) {
      status = e.getMessage().strip();
      task.log(status);
      undo(abort);
    } catch (RuntimeException e) {
      LOG.warn("simulated task {} failed unexpectedly", task.upid, e);
      status = "unexpected error: " + e.getMessage();
      undo(abort);
    }
    task.finish(status, Instant.now().getEpochSecond());
  }

  private static void undo(Runnable abort) {
    if (abort != null) {
      abort.run();
    }
  }

  Optional<Task> find(String upid) {
    return Optional.ofNullable(tasks.get(upid));
  }

  /** Stops a running task as {@code DELETE /tasks/{upid}} does. */
  void stop(Task task) {
    task.finish("unexpected status", Instant.now().getEpochSecond());
  }

  List<Task> list(String node) {
    List<Task> out = new ArrayList<>();
    for (Task task : tasks.values()) {
      if (task.node.equals(node)) {
        out.add(task);
      }
    }
    out.sort((a, b) -> Long.compare(b.starttime, a.starttime));
    return out;
  }

  /** Forgets every task; tasks still scheduled will not run. */
  void reset() {
    generation.incrementAndGet();
    tasks.clear();
  }
}
