package io.phoenix.orchestrator.runtime;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.Topics;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts requests on {@code phoenix.build.requests} for the REST API: the same path as any other
 * client, so the saga sees one stream of triggers. Returns once Kafka has the record.
 */
public final class BuildRequests implements AutoCloseable {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

  private final Producer<String, byte[]> producer;
  private final Topics topics;

  BuildRequests(Producer<String, byte[]> producer, Topics topics) {
    this.producer = producer;
    this.topics = topics;
  }

  /**
   * Sends a create or destroy request (which must have a request id) to the admission partition.
   *
   * @return the build id the request starts (or, when repeated, started)
   */
  public String submit(RequestMessage request) {
    if (request.requestId() == null) {
      throw new IllegalArgumentException("the REST API gives every request an id");
    }
    send(RequestIntake.ADMISSION_PARTITION, request.requestId(), request);
    return BuildIds.forRequest(request.requestId());
  }

  /** Asks the owner of {@code buildId} to cancel it. */
  public void cancel(String buildId, String reason) {
    operator(new RequestMessage(null, RequestMessage.CANCEL, null, null, buildId, reason));
  }

  /** Asks the owner of {@code buildId} to retry its failed steps. */
  public void retry(String buildId) {
    operator(new RequestMessage(null, RequestMessage.RETRY, null, null, buildId, null));
  }

  private void operator(RequestMessage request) {
    int partitions = producer.partitionsFor(topics.buildRequests()).size();
    send(BuildIds.partition(request.buildId(), partitions), request.buildId(), request);
  }

  private void send(int partition, String key, RequestMessage request) {
    byte[] value = Envelopes.json().writeValueAsBytes(request);
    try {
      producer
          .send(new ProducerRecord<>(topics.buildRequests(), partition, key, value))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the request", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Kafka did not take the request: " + (e.getCause() == null ? e : e.getCause()), e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
