package io.knowledgehub.api.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventTicketsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static EventTickets at(Instant when, byte[] secret) {
        return new EventTickets(secret, Duration.ofSeconds(60), Clock.fixed(when, ZoneOffset.UTC));
    }

    @Test
    void accepts_its_own_ticket_until_it_expires() {
        byte[] secret = "s3cret".getBytes();
        String t = at(NOW, secret).issue("abc");
        assertThat(at(NOW.plusSeconds(59), secret).verify(t)).contains("abc");
        assertThat(at(NOW.plusSeconds(60), secret).verify(t)).isEmpty();
    }

    @Test
    void two_tickets_for_one_key_in_the_same_second_differ_and_both_work() {
        byte[] secret = "s3cret".getBytes();
        EventTickets tickets = at(NOW, secret);
        String first = tickets.issue("abc");
        String second = tickets.issue("abc");
        assertThat(second).isNotEqualTo(first);
        assertThat(tickets.verify(first)).contains("abc");
        assertThat(tickets.verify(second)).contains("abc");
    }

    @Test
    void refuses_another_secret_and_any_change() {
        byte[] secret = "s3cret".getBytes();
        String t = at(NOW, secret).issue("abc");
        assertThat(at(NOW, "other".getBytes()).verify(t)).isEmpty();
        assertThat(at(NOW, secret).verify("abd" + t.substring(3))).isEmpty();
        String later = t.replaceFirst("\\.(\\d+)\\.", ".9" + "$1.");
        assertThat(at(NOW, secret).verify(later)).isEmpty();
        assertThat(at(NOW, secret).verify("")).isEmpty();
        assertThat(at(NOW, secret).verify("a.b")).isEmpty();
        assertThat(at(NOW, secret).verify("a.b.!!")).isEmpty();
        assertThat(at(NOW, secret).verify("a.1.n.!!")).isEmpty();
        int sig = t.lastIndexOf('.');
        String withoutNonce = t.substring(0, t.lastIndexOf('.', sig - 1)) + t.substring(sig);
        assertThat(at(NOW, secret).verify(withoutNonce)).isEmpty();
    }

    @Test
    void replicas_with_the_same_admin_key_share_the_secret_and_otherwise_each_process_has_its_own() {
        assertThat(EventTickets.secret(Optional.empty(), Optional.of("kh_admin")))
                .isEqualTo(EventTickets.secret(Optional.empty(), Optional.of("kh_admin")))
                .isNotEqualTo("kh_admin".getBytes());
        assertThat(EventTickets.secret(Optional.of("shared"), Optional.of("kh_admin"))).isEqualTo("shared".getBytes());
        assertThat(EventTickets.secret(Optional.empty(), Optional.empty()))
                .isNotEqualTo(EventTickets.secret(Optional.empty(), Optional.empty()));
    }

    @Test
    void a_ticket_issued_without_a_nonce_by_an_older_replica_is_still_accepted_until_it_expires() {
        byte[] secret = "s3cret".getBytes();
        String t = at(NOW, secret).issue("abc");
        int sig = t.lastIndexOf('.');
        String payload = t.substring(0, t.lastIndexOf('.', sig - 1));
        String older = payload + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(secret, payload));
        assertThat(at(NOW.plusSeconds(59), secret).verify(older)).contains("abc");
        assertThat(at(NOW.plusSeconds(60), secret).verify(older)).isEmpty();
        assertThat(at(NOW, "other".getBytes()).verify(older)).isEmpty();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
