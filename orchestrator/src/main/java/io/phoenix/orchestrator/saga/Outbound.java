package io.phoenix.orchestrator.saga;

import io.phoenix.common.contract.CloudEvent;

/**
 * A record the saga decided to write: a command to an agent's topic (keyed by guest) or an event to
 * {@code phoenix.events} (keyed by build id).
 */
public record Outbound(String topic, String key, CloudEvent record) {}
