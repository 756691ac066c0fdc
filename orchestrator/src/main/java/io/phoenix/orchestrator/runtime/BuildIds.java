package io.phoenix.orchestrator.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.kafka.common.utils.Utils;

/**
 * Build ids and where a build lives.
 *
 * <p>A build id is derived from the request id, so that the REST API can answer a build id before
 * the orchestrator has read the request, and so that a repeated request names the same build. A
 * build's events are keyed by its id; {@link #partition} is the partition Kafka's default
 * partitioner puts them in, which the orchestrator also uses to route operator requests for that
 * build to the instance that owns it.
 */
public final class BuildIds {

  private BuildIds() {}

  /** {@code b-} and 16 hex digits derived from {@code requestId}. */
  public static String forRequest(String requestId) {
    return "b-" + hash("request|" + requestId);
  }

  /** An id for a request without a request id, derived from where it was read. */
  static String forRecord(String topic, int partition, long offset) {
    return "b-" + hash("record|" + topic + "|" + partition + "|" + offset);
  }

  /** The partition of {@code key} among {@code partitions}, as Kafka's default partitioner. */
  public static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static String hash(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
