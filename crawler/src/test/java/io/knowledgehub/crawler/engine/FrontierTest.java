package io.knowledgehub.crawler.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrontierTest {

    @Test
    void hands_out_the_shallowest_urls_first_in_discovery_order() {
        Frontier frontier = new Frontier();
        frontier.offer("d2", 2);
        frontier.offer("d1a", 1);
        frontier.offer("d1b", 1);

        assertThat(frontier.next()).isEqualTo(new Frontier.Entry("d1a", 1));
        assertThat(frontier.next()).isEqualTo(new Frontier.Entry("d1b", 1));
        assertThat(frontier.next()).isEqualTo(new Frontier.Entry("d2", 2));
        assertThat(frontier.next()).isNull();
    }

    @Test
    void takes_each_url_once() {
        Frontier frontier = new Frontier();
        assertThat(frontier.offer("a", 1)).isTrue();
        frontier.next();
        frontier.done("a");

        assertThat(frontier.offer("a", 0)).isFalse();
        assertThat(frontier.next()).isNull();
        assertThat(frontier.size()).isEqualTo(1);
    }

    @Test
    void moves_a_queued_url_up_when_seen_at_a_smaller_depth() {
        Frontier frontier = new Frontier();
        frontier.offer("x", 3);
        frontier.offer("y", 2);
        frontier.offer("x", 1);

        assertThat(frontier.next()).isEqualTo(new Frontier.Entry("x", 1));
        assertThat(frontier.next()).isEqualTo(new Frontier.Entry("y", 2));
        assertThat(frontier.next()).isNull();
    }

    @Test
    void a_url_reached_by_redirect_or_canonical_is_not_fetched_again() {
        Frontier frontier = new Frontier();
        frontier.offer("target", 2);
        frontier.reached("target", 1);
        frontier.reached("never-queued", 1);

        assertThat(frontier.hasQueued()).isFalse();
        assertThat(frontier.offer("never-queued", 1)).isFalse();
    }
}
