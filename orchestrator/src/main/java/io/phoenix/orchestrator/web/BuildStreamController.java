package io.phoenix.orchestrator.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/builds/{id}/stream}: the build's events as server-sent events, from the first (or
 * after {@code Last-Event-ID}) and then live. A build the read model does not know yet (just
 * submitted) is streamed as soon as its first event arrives.
 */
@RestController
class BuildStreamController {

  private final BuildStreams streams;

  BuildStreamController(BuildStreams streams) {
    this.streams = streams;
  }

  @GetMapping(path = "/api/builds/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    return streams.open(id, position(lastEventId));
  }

  /** The SSE id is the event's 1-based position in the build's log; anything else starts over. */
  private static int position(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(lastEventId.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
