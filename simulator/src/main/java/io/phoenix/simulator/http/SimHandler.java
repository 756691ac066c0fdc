package io.phoenix.simulator.http;

/**
 * Answers one request. Called on a worker thread (never the I/O thread), so it may block, for
 * example while it waits for a simulated file lock.
 */
@FunctionalInterface
public interface SimHandler {

  /** Returns the response; an exception becomes a plain 500. */
  SimResponse handle(SimRequest request);
}
