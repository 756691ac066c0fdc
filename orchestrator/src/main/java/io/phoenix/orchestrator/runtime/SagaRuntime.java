package io.phoenix.orchestrator.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the saga loop on its own thread for the life of the application context; the read model
 * starts first and stops last.
 */
public final class SagaRuntime implements SmartLifecycle {

  private final BuildProjection projection;
  private final SagaLoop loop;
  private volatile Thread thread;

  SagaRuntime(BuildProjection projection, SagaLoop loop) {
    this.projection = projection;
    this.loop = loop;
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    projection.start();
    thread = new Thread(loop, "saga-loop");
    thread.start();
  }

  @Override
  public synchronized void stop() {
    if (thread == null) {
      return;
    }
    loop.stop();
    join(Duration.ofSeconds(30));
    projection.close();
    thread = null;
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Whether the loop got its first partition assignment within {@code timeout}. */
  public boolean awaitAssignment(Duration timeout) throws InterruptedException {
    return loop.assigned().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Ends the loop as a crash would: an open transaction is never committed and the clients are
   * dropped without a clean close. For tests of recovery.
   */
  public synchronized void crash() {
    if (thread == null) {
      return;
    }
    loop.halt();
    join(Duration.ofSeconds(30));
    projection.close();
    thread = null;
  }

  private void join(Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
