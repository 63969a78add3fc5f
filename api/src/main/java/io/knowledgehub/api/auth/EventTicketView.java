package io.knowledgehub.api.auth;

/** {@code POST /api/v1/auth/event-ticket}: use as {@code GET /api/v1/jobs/events?ticket=...} within {@code expires_in} seconds. */
public record EventTicketView(String ticket, long expiresIn) {
}
