package io.phoenix.simulator.pve;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The simulator's timing settings, changeable at run time through the control API. */
final class Settings {

  private final PveSimulatorConfig config;
  private final Map<String, Duration> durations = new TreeMap<>();
  private volatile double speedFactor;
  private volatile Duration lockTimeout;
  private volatile Duration authFailureDelay;

  Settings(PveSimulatorConfig config) {
    this.config = config;
    restore();
  }

  /** Back to the configured values. */
  synchronized void restore() {
    durations.clear();
    durations.putAll(config.taskDurations());
    speedFactor = config.speedFactor();
    lockTimeout = config.lockTimeout();
    authFailureDelay = config.authFailureDelay();
  }

  /** How long a task of this type runs now: its profile duration times the speed factor. */
  synchronized Duration taskDuration(String type) {
    Duration base = durations.getOrDefault(type, PveSimulatorConfig.DEFAULT_TASK_DURATION);
    return Duration.ofNanos((long) (base.toNanos() * speedFactor));
  }

  synchronized void setDuration(String type, Duration duration) {
    durations.put(type, duration);
  }

  synchronized Map<String, Duration> durations() {
    return new TreeMap<>(durations);
  }

  double speedFactor() {
    return speedFactor;
  }

  void setSpeedFactor(double factor) {
    if (factor <= 0) {
      throw new IllegalArgumentException("speedFactor must be > 0");
    }
    speedFactor = factor;
  }

  Duration lockTimeout() {
    return lockTimeout;
  }

  void setLockTimeout(Duration timeout) {
    lockTimeout = timeout;
  }

  Duration authFailureDelay() {
    return authFailureDelay;
  }

  void setAuthFailureDelay(Duration delay) {
    authFailureDelay = delay;
  }
}
