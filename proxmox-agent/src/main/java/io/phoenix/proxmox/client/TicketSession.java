package io.phoenix.proxmox.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Holds the login ticket and its CSRF token, and logs in again before the 2 h expiry. */
final class TicketSession {

  /**
   * A login's result.
   *
   * @param ticket the {@code PVEAuthCookie} value
   * @param csrf the {@code CSRFPreventionToken} header value
   * @param obtained when the ticket was issued
   */
  record Ticket(String ticket, String csrf, Instant obtained) {
    @Override
    public String toString() {
      return "Ticket[obtained=" + obtained + "]";
    }
  }

  private final Supplier<Ticket> login;
  private final Duration renewal;
  private final Clock clock;
  private Ticket current;

  TicketSession(Supplier<Ticket> login, Duration renewal, Clock clock) {
    this.login = login;
    this.renewal = renewal;
    this.clock = clock;
  }

  /** The ticket to send now, logging in when there is none or it is older than the renewal. */
  synchronized Ticket current() {
    if (current == null || !clock.instant().isBefore(current.obtained().plus(renewal))) {
      current = login.get();
    }
    return current;
  }

  /** Forgets a ticket the server refused (401), so that the next call logs in again. */
  synchronized void invalidate(Ticket refused) {
    if (current == refused) {
      current = null;
    }
  }
}
