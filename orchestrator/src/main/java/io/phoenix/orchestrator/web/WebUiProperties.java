package io.phoenix.orchestrator.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web UI's live stream ({@code phoenix.web.*}).
 *
 * @param streamInterval how often open streams look for new events of their build in the read model
 * @param keepAlive longest silence on a stream before a comment line is sent, so a proxy keeps the
 *     connection and a closed browser tab is noticed
 * @param streamTimeout how long one stream stays open; the browser's EventSource then reconnects
 *     and resumes after the last event it saw (Last-Event-ID)
 */
@ConfigurationProperties("phoenix.web")
public record WebUiProperties(
    @DefaultValue("300ms") Duration streamInterval,
    @DefaultValue("15s") Duration keepAlive,
    @DefaultValue("30m") Duration streamTimeout) {}
