package io.phoenix.proxmox.lifecycle;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * In-process locks by name ({@code guest:900}, {@code storage:pve/local}): commands this instance
 * runs in parallel queue here instead of colliding on a Proxmox lock. Other instances still may
 * collide; the steps retry those lock errors.
 */
@Component
class KeyedLocks {

  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T with(String key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock(true));
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
