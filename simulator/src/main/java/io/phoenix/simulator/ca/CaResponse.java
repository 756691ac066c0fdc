package io.phoenix.simulator.ca;

import java.util.Map;

/** What an endpoint answers: status, content type, body. Errors use step-ca's JSON shape. */
record CaResponse(int status, String contentType, String body) {

  static final String SEE_LOGS = "Please see the certificate authority logs for more info.";

  static CaResponse json(int status, String body) {
    return new CaResponse(status, "application/json", body);
  }

  static CaResponse pem(String body) {
    return new CaResponse(200, "application/x-pem-file", body);
  }

  /** step-ca's {@code {"status":..,"message":..}} with its default message for the status. */
  static CaResponse error(int status) {
    String message =
        Map.of(
                400, "The request could not be completed; malformed or missing data. " + SEE_LOGS,
                401, "The request lacked necessary authorization to be completed. " + SEE_LOGS,
                403, "The request was forbidden by the certificate authority. " + SEE_LOGS,
                404, "Not Found",
                500, "The certificate authority encountered an Internal Server Error. " + SEE_LOGS,
                503, "Service Unavailable")
            .getOrDefault(status, "Error");
    return json(
        status,
        "{\"status\":" + status + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
  }

  /** Go's router answer for an unknown path. */
  static CaResponse notFound() {
    return new CaResponse(404, "text/plain; charset=utf-8", "404 page not found\n");
  }
}
