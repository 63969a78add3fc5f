/** Request metrics for Prometheus ({@code api_request_duration_seconds}, {@code api_requests_total}). */
package io.knowledgehub.api.metrics;
