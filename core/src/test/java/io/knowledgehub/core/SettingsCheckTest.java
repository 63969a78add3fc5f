package io.knowledgehub.core;

import io.quarkus.runtime.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsCheckTest {

    @Test
    void settings_in_range_pass() {
        SettingsCheck.Problems p = new SettingsCheck.Problems();
        p.atLeast("KH_JOBS_MAX_ATTEMPTS", 3, 1, "tries");
        p.between("KH_SEARCH_SEMANTIC_WEIGHT", 0.6, 0, 1, "share");
        p.positive("KH_JOBS_LEASE", Duration.ofSeconds(30), "lease");
        assertThatCode(p::refuseIfAny).doesNotThrowAnyException();
    }

    @Test
    void every_setting_out_of_range_is_named_in_one_short_refusal() {
        SettingsCheck.Problems p = new SettingsCheck.Problems();
        p.atLeast("KH_JOBS_MAX_ATTEMPTS", 0, 1, "how often a job is tried before it fails");
        p.between("KH_SEARCH_SEMANTIC_WEIGHT", 7, 0, 1, "the semantic side's share");
        p.positive("KH_CRAWLER_REQUEST_TIMEOUT", Duration.ZERO, "how long a page may take");
        p.between("KH_SEARCH_MIN_SCORE", Double.NaN, 0, 1, "relevance");
        // a configuration error: Quarkus prints its message alone, without a stack trace
        assertThatThrownBy(p::refuseIfAny).isInstanceOf(ConfigurationException.class).hasNoCause()
                .hasMessageContaining("cannot start with these settings")
                .hasMessageContaining("KH_JOBS_MAX_ATTEMPTS=0: must be 1 or more (how often a job is tried before it fails)")
                .hasMessageContaining("KH_SEARCH_SEMANTIC_WEIGHT=7.0: must be from 0.0 to 1.0")
                .hasMessageContaining("KH_CRAWLER_REQUEST_TIMEOUT=0ms: must be longer than 0")
                .hasMessageContaining("KH_SEARCH_MIN_SCORE=NaN")
                .hasMessageContaining("docs/configuration.md");
    }
}
