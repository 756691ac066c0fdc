package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.BuildRejected;
import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.Topics;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.Saga;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model of every build of the installation, for the REST API and for admission: one
 * consumer outside the group reads all partitions of {@code phoenix.events} (committed records
 * only) and folds them with the saga's own {@link Saga#evolve}.
 */
public final class BuildProjection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BuildProjection.class);

  private final Saga saga;
  private final Topics topics;
  private final Map<String, Object> consumerProperties;
  private final Map<String, BuildState> builds = new ConcurrentHashMap<>();
  private final Map<String, List<CloudEvent>> events = new ConcurrentHashMap<>();
  private final Map<String, String> buildOfRequest = new ConcurrentHashMap<>();
  private final Map<String, String> rejections = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> freshness =
      new ConcurrentLinkedQueue<>();
  private volatile boolean running;
  private Thread thread;
  private KafkaConsumer<String, byte[]> consumer;

  BuildProjection(Saga saga, Topics topics, Map<String, Object> consumerProperties) {
    this.saga = saga;
    this.topics = topics;
    this.consumerProperties = consumerProperties;
  }

  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    consumer = new KafkaConsumer<>(consumerProperties);
    thread = new Thread(this::run, "build-projection");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The build, if the log has it. */
  public Optional<BuildState> build(String buildId) {
    return Optional.ofNullable(builds.get(buildId));
  }

  /** Every build, the newest first. */
  public List<BuildState> builds() {
    List<BuildState> all = new ArrayList<>(builds.values());
    all.sort(
        Comparator.comparing(BuildState::acceptedAt).reversed().thenComparing(BuildState::buildId));
    return all;
  }

  /** The build's events in log order, including the rejection of repeated requests. */
  public List<CloudEvent> events(String buildId) {
    List<CloudEvent> list = events.get(buildId);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** Why the request that would have started build {@code buildId} was rejected, if it was. */
  public Optional<String> rejection(String buildId) {
    return builds.containsKey(buildId)
        ? Optional.empty()
        : Optional.ofNullable(rejections.get(buildId));
  }

  /** The build a request id started, if any. */
  public Optional<String> buildOfRequest(String requestId) {
    return Optional.ofNullable(buildOfRequest.get(requestId));
  }

  /**
   * Waits until the projection has read everything committed to the events topic before this call
   * (bounded); false on timeout.
   */
  public boolean awaitCaughtUp(Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    freshness.add(done);
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<CompletableFuture<Void>, Map<TopicPartition, Long>> waiting = new HashMap<>();
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          fold(record);
        }
        CompletableFuture<Void> request;
        while ((request = freshness.poll()) != null) {
          waiting.put(request, consumer.endOffsets(partitions));
        }
        waiting
            .entrySet()
            .removeIf(
                w -> {
                  boolean reached =
                      w.getValue().entrySet().stream()
                          .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                  if (reached) {
                    w.getKey().complete(null);
                  }
                  return reached;
                });
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("the build read model stopped: {}", e.toString(), e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
    }
  }

  private List<TopicPartition> partitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(topics.events(), Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
      log.info("waiting for topic {} to exist", topics.events());
    }
    throw new WakeupException();
  }

  private void fold(ConsumerRecord<String, byte[]> record) {
    CloudEvent event;
    try {
      event = Envelopes.read(record.value());
    } catch (MalformedRecordException e) {
      return; // the saga sends it to the dead-letter topic
    }
    if (!EventTypes.EVENTS.contains(event.type()) || event.buildid() == null) {
      return;
    }
    try {
      BuildState next = saga.evolve(builds.get(event.buildid()), event);
      if (next == null) {
        if (EventTypes.BUILD_REJECTED.equals(event.type())) {
          rejections.put(event.buildid(), Envelopes.dataAs(event, BuildRejected.class).reason());
          append(event);
        }
        return;
      }
      builds.put(next.buildId(), next);
      if (next.requestId() != null) {
        buildOfRequest.putIfAbsent(next.requestId(), next.buildId());
      }
      append(event);
    } catch (MalformedRecordException e) {
      log.debug("read model skips {}: {}", event.id(), e.getMessage());
    }
  }

  private void append(CloudEvent event) {
    events
        .computeIfAbsent(event.buildid(), k -> Collections.synchronizedList(new ArrayList<>()))
        .add(event);
  }
}
