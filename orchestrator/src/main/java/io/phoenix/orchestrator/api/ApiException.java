package io.phoenix.orchestrator.api;

import org.springframework.http.HttpStatus;

/** A failure the API answers as an RFC 9457 problem with this status, title and detail. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final HttpStatus status;
  final String title;

  ApiException(HttpStatus status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  static ApiException notFound(String buildId) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "Build not found",
        "there is no build " + buildId + "; GET /api/builds lists the builds");
  }
}
