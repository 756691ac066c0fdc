package io.phoenix.orchestrator.web;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.orchestrator.runtime.BuildProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams. The read model has no change callback, so one timer thread looks at each
 * stream's build every {@code phoenix.web.stream-interval} and sends the events appended since; all
 * sends happen on that thread, so a stream's events go out in log order and never interleave.
 */
@Component
class BuildStreams implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(BuildStreams.class);

  private final BuildProjection projection;
  private final WebUiProperties properties;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "build-streams");
            t.setDaemon(true);
            return t;
          });

  BuildStreams(BuildProjection projection, WebUiProperties properties) {
    this.projection = projection;
    this.properties = properties;
    long every = properties.streamInterval().toMillis();
    timer.scheduleWithFixedDelay(this::pushAll, every, every, TimeUnit.MILLISECONDS);
  }

  /** A stream of build {@code buildId}'s events after the first {@code position}. */
  SseEmitter open(String buildId, int position) {
    SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
    Subscription subscription = new Subscription(buildId, emitter, position);
    emitter.onCompletion(() -> subscriptions.remove(subscription));
    emitter.onTimeout(() -> subscriptions.remove(subscription));
    emitter.onError(e -> subscriptions.remove(subscription));
    subscriptions.add(subscription);
    // The first batch goes out at once rather than on the next tick.
    timer.execute(() -> push(subscription));
    return emitter;
  }

  /** How many streams are open (for tests and diagnosis). */
  int openStreams() {
    return subscriptions.size();
  }

  private void pushAll() {
    for (Subscription subscription : subscriptions) {
      push(subscription);
    }
  }

  private void push(Subscription s) {
    if (!subscriptions.contains(s)) {
      return;
    }
    try {
      List<CloudEvent> events = projection.events(s.buildId);
      long now = System.nanoTime();
      if (events.size() > s.sent) {
        for (int i = s.sent; i < events.size(); i++) {
          s.emitter.send(
              SseEmitter.event()
                  .id(Integer.toString(i + 1))
                  .data(json(events.get(i)), MediaType.APPLICATION_JSON));
          s.sent = i + 1;
        }
        s.lastSend = now;
      } else if (now - s.lastSend > properties.keepAlive().toNanos()) {
        s.emitter.send(SseEmitter.event().comment("keep-alive"));
        s.lastSend = now;
      }
    } catch (IOException | IllegalStateException e) {
      // The browser went away; the emitter's callbacks may not run for a dead connection.
      subscriptions.remove(s);
      s.emitter.completeWithError(e);
    } catch (RuntimeException e) {
      log.warn("stream of build {} stopped: {}", s.buildId, e.toString());
      subscriptions.remove(s);
      s.emitter.completeWithError(e);
    }
  }

  private static String json(CloudEvent event) {
    return new String(Envelopes.write(event), StandardCharsets.UTF_8);
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
    subscriptions.forEach(s -> s.emitter.complete());
    subscriptions.clear();
  }

  /** One open stream; {@code sent} and {@code lastSend} are touched by the timer thread only. */
  private static final class Subscription {
    final String buildId;
    final SseEmitter emitter;
    int sent;
    long lastSend = System.nanoTime();

    Subscription(String buildId, SseEmitter emitter, int sent) {
      this.buildId = buildId;
      this.emitter = emitter;
      this.sent = sent;
    }
  }
}
