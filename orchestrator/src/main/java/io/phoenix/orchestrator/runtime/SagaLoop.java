package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.CloudEvent;
import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.EventTypes;
import io.phoenix.common.contract.MalformedRecordException;
import io.phoenix.common.contract.Topics;
import io.phoenix.orchestrator.saga.BuildState;
import io.phoenix.orchestrator.saga.Decision;
import io.phoenix.orchestrator.saga.Saga;
import io.phoenix.orchestrator.saga.SagaInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The orchestrator's Kafka loop: read-process-write exactly once.
 *
 * <p>One consumer (group {@code phoenix-orchestrator}, {@code read_committed}) reads the requests
 * and events topics; everything one poll leads to (commands, events, forwarded requests, dead
 * letters) is written by one transactional producer in one transaction together with the consumed
 * offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata, which also fences
 * an instance that lost its partitions). Local state changes only after the commit, so an aborted
 * transaction leaves nothing behind: the loop then rebuilds from the log.
 *
 * <p>On every assignment the state of each events partition is rebuilt by folding the partition
 * from its beginning to the last stable offset, after a committed-offset fetch that waits until no
 * other instance has a transaction open on these partitions. The consumer then continues from
 * there, and one tick decides what the folded events call for.
 */
final class SagaLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SagaLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration BARRIER = Duration.ofSeconds(60);

  private final Saga saga;
  private final Topics topics;
  private final RequestIntake intake;
  private final Duration tick;
  private final Map<String, Object> consumerProperties;
  private final Map<String, Object> producerProperties;
  private final EventLogFolder folder;
  private final Clock clock;
  private final OwnedBuilds owned = new OwnedBuilds();
  private final Set<String> emitted = new HashSet<>();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean halted;
  private KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<String, byte[]> producer;
  private int eventPartitions;
  private Instant nextTick = Instant.MIN;
  private boolean catchUp;
  private OrchestratorMetrics metrics;

  SagaLoop(
      Saga saga,
      Topics topics,
      RequestIntake intake,
      Duration tick,
      Map<String, Object> consumerProperties,
      Map<String, Object> producerProperties,
      Map<String, Object> replayProperties,
      Clock clock) {
    this.saga = saga;
    this.topics = topics;
    this.intake = intake;
    this.tick = tick;
    this.consumerProperties = consumerProperties;
    this.producerProperties = producerProperties;
    this.folder = new EventLogFolder(saga, replayProperties);
    this.clock = clock;
  }

  /** Counts what this loop commits (optional). */
  void metrics(OrchestratorMetrics value) {
    this.metrics = value;
  }

  /** Stops after the current transaction. */
  void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Stops like a crash: whatever transaction is open is never committed. */
  void halt() {
    halted = true;
    stop();
  }

  /** Whether the loop has had its partitions assigned at least once. */
  CountDownLatch assigned() {
    return assigned;
  }

  @Override
  public void run() {
    try {
      producer = new KafkaProducer<>(producerProperties);
      producer.initTransactions();
      consumer = new KafkaConsumer<>(consumerProperties);
      if (metrics != null) {
        metrics.consumerStarted(consumer);
      }
      eventPartitions = partitionCount(topics.events());
      int requestPartitions = partitionCount(topics.buildRequests());
      if (requestPartitions != eventPartitions) {
        throw new IllegalStateException(
            topics.buildRequests()
                + " has "
                + requestPartitions
                + " partitions and "
                + topics.events()
                + " "
                + eventPartitions
                + "; the orchestrator needs both equal (phoenix.kafka.event-partitions)");
      }
      consumer.subscribe(List.of(topics.buildRequests(), topics.events()), new Rebalance());
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        process(records);
      }
    } catch (WakeupException | Halted e) {
      // stopping
    } catch (ProducerFencedException
        | FencedInstanceIdException
        | InvalidProducerEpochException e) {
      log.error(
          "another orchestrator instance with this instance id took over; this one stops: {}",
          e.toString());
    } catch (RuntimeException e) {
      log.error("the saga loop stopped: {}", e.toString(), e);
    } finally {
      close();
    }
  }

  private void close() {
    Duration grace = halted ? Duration.ZERO : Duration.ofSeconds(5);
    if (consumer != null) {
      try {
        // A clean stop leaves the group so the partitions move at once; a crash does not.
        consumer.close(
            CloseOptions.timeout(grace)
                .withGroupMembershipOperation(
                    halted
                        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      } catch (RuntimeException e) {
        log.debug("consumer close: {}", e.toString());
      }
    }
    if (producer != null) {
      try {
        producer.close(grace);
      } catch (RuntimeException e) {
        log.debug("producer close: {}", e.toString());
      }
    }
  }

  private int partitionCount(String topic) {
    while (running) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos != null && !infos.isEmpty()) {
        return infos.size();
      }
      log.info("waiting for topic {} to exist", topic);
    }
    throw new Halted();
  }

  private void process(ConsumerRecords<String, byte[]> records) {
    Instant now = clock.instant();
    boolean tickDue = catchUp || !now.isBefore(nextTick);
    if (records.isEmpty() && !tickDue) {
      return;
    }
    boolean everyBuild = catchUp;
    catchUp = false;
    Batch batch = new Batch(now, topics, saga.settings().source(), owned);
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.topic().equals(topics.buildRequests())) {
        intake.handle(record, batch, eventPartitions);
      } else {
        handleEvent(record, batch);
      }
    }
    if (tickDue) {
      tickAll(batch, everyBuild);
      nextTick = now.plus(tick);
    }
    if (records.isEmpty() && batch.isEmpty()) {
      return;
    }
    commit(batch);
  }

  private void handleEvent(ConsumerRecord<String, byte[]> record, Batch batch) {
    CloudEvent event;
    try {
      event = Envelopes.read(record.value());
    } catch (MalformedRecordException e) {
      log.warn(
          "dead-lettering {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      batch.deadLetter(record, e.getMessage());
      return;
    }
    if (!EventTypes.EVENTS.contains(event.type())) {
      log.warn("skipping event {} of unknown type '{}'", event.id(), event.type());
      return;
    }
    if (emitted.remove(event.id()) || event.buildid() == null) {
      return;
    }
    int partition = record.partition();
    BuildState state = batch.state(partition, event.buildid());
    if (state == null && !EventTypes.BUILD_ACCEPTED.equals(event.type())) {
      return;
    }
    logReceived(event);
    try {
      batch.decided(partition, saga.decide(state, new SagaInput.Received(event), batch.now));
    } catch (MalformedRecordException e) {
      log.warn(
          "dead-lettering event {} of build {}: {}", event.id(), event.buildid(), e.getMessage());
      batch.deadLetter(record, e.getMessage());
    } catch (RuntimeException e) {
      log.error("dead-lettering event {}: the saga failed on it", event.id(), e);
      batch.deadLetter(record, "the orchestrator could not process it: " + e);
    }
  }

  private void tickAll(Batch batch, boolean everyBuild) {
    for (int partition : List.copyOf(partitionsOwned())) {
      for (BuildState state : batch.states(partition).values()) {
        if (!state.status().isOpen()) {
          continue;
        }
        Optional<Instant> wake = saga.nextWakeUp(state);
        if (everyBuild || (wake.isPresent() && !batch.now.isBefore(wake.get()))) {
          Decision decision = saga.decide(state, new SagaInput.Tick(), batch.now);
          if (!decision.records().isEmpty()) {
            batch.decided(partition, decision);
          }
        }
      }
    }
  }

  private Collection<Integer> partitionsOwned() {
    List<Integer> partitions = new ArrayList<>();
    owned.partitions().forEach(partitions::add);
    return partitions;
  }

  private void commit(Batch batch) {
    try {
      producer.beginTransaction();
      for (ProducerRecord<String, byte[]> record : batch.records) {
        producer.send(record);
      }
      if (halted) {
        throw new Halted();
      }
      producer.sendOffsetsToTransaction(positions(), consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException
        | FencedInstanceIdException
        | InvalidProducerEpochException
        | Halted e) {
      throw e;
    } catch (KafkaException e) {
      log.warn("transaction aborted, rebuilding from the log: {}", e.toString());
      try {
        producer.abortTransaction();
      } catch (KafkaException abort) {
        log.debug("abort: {}", abort.toString());
      }
      recover(consumer.assignment());
      return;
    }
    owned.commit(batch);
    emitted.addAll(batch.emitted);
    intake.admission().committed(batch);
    logTransitions(batch.written);
    if (metrics != null) {
      metrics.committed(batch.written);
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> positions() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
    }
    return offsets;
  }

  /** Rebuilds the state of {@code partitions} from the log and positions the consumer. */
  private void recover(Collection<TopicPartition> partitions) {
    // Waits until no transaction (of a previous owner) holds offsets of these partitions, so that
    // everything it wrote is decided (committed or aborted) before the log is read.
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions), BARRIER);
    List<TopicPartition> events = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (tp.topic().equals(topics.events())) {
        events.add(tp);
      } else {
        OffsetAndMetadata offset = committed.get(tp);
        if (offset != null) {
          consumer.seek(tp, offset);
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    }
    emitted.clear();
    Map<TopicPartition, Long> ends = consumer.endOffsets(events);
    for (TopicPartition tp : events) {
      owned.drop(tp.partition());
      owned.own(tp.partition());
    }
    int folded = folder.fold(ends, owned, () -> !running);
    if (!running) {
      throw new Halted();
    }
    for (TopicPartition tp : events) {
      consumer.seek(tp, ends.get(tp));
    }
    if (partitions.contains(
        new TopicPartition(topics.buildRequests(), RequestIntake.ADMISSION_PARTITION))) {
      while (!intake.admission().activate()) {
        if (!running) {
          throw new Halted();
        }
        log.warn("admission waits for the build read model to reach the end of the events topic");
      }
    }
    catchUp = true;
    log.info(
        "rebuilt {} build(s) of events partitions {} from {} record(s)",
        events.stream().mapToInt(tp -> owned.partition(tp.partition()).size()).sum(),
        events.stream().map(TopicPartition::partition).toList(),
        folded);
  }

  /** An agent's outcome is a transition of the build: one line each. */
  private static void logReceived(CloudEvent event) {
    if (EventTypes.STEP_SUCCEEDED.equals(event.type())
        || EventTypes.STEP_FAILED.equals(event.type())
        || EventTypes.STEP_STARTED.equals(event.type())) {
      MDC.put("buildId", event.buildid());
      MDC.put("stepId", event.stepid());
      try {
        log.info("received {} {} attempt {}", event.type(), event.stepid(), event.attempt());
      } finally {
        MDC.remove("buildId");
        MDC.remove("stepId");
      }
    }
  }

  private void logTransitions(List<CloudEvent> written) {
    for (CloudEvent event : written) {
      if (event.type().startsWith("phoenix.command.")) {
        continue;
      }
      MDC.put("buildId", event.buildid());
      MDC.put("stepId", event.stepid());
      try {
        log.info(
            "{}{}{}",
            event.type(),
            event.stepid() == null ? "" : " " + event.stepid(),
            event.attempt() == null ? "" : " attempt " + event.attempt());
      } finally {
        MDC.remove("buildId");
        MDC.remove("stepId");
      }
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        recover(partitions);
      }
      assigned.countDown();
    }

    private void drop(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        if (tp.topic().equals(topics.events())) {
          owned.drop(tp.partition());
        }
      }
    }
  }

  /** Thrown to leave the loop at once, as a crash would. */
  private static final class Halted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Halted() {
      super("halted", null, false, false);
    }
  }
}
