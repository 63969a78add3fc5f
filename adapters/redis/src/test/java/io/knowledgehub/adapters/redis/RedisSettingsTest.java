package io.knowledgehub.adapters.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisSettingsTest {

    @Test
    void reads_host_port_and_database() {
        RedisSettings s = RedisSettings.parse("redis://localhost:6379/0");
        assertThat(s.host()).isEqualTo("localhost");
        assertThat(s.port()).isEqualTo(6379);
        assertThat(s.database()).isZero();
        assertThat(s.user()).isNull();
        assertThat(s.password()).isNull();
        assertThat(s.tls()).isFalse();
        assertThat(s.timeout()).isEqualTo(RedisSettings.DEFAULT_TIMEOUT);

        RedisSettings other = RedisSettings.parse("redis://cache.internal/3");
        assertThat(other.port()).isEqualTo(6379);
        assertThat(other.database()).isEqualTo(3);
        assertThat(RedisSettings.parse("redis://cache.internal").database()).isZero();
        assertThat(RedisSettings.parse("redis://cache.internal/").database()).isZero();
    }

    @Test
    void reads_a_password_with_or_without_a_user_and_hides_it() {
        RedisSettings s = RedisSettings.parse("redis://:s3cret@redis:6380");
        assertThat(s.user()).isNull();
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.port()).isEqualTo(6380);
        assertThat(s.toString()).isEqualTo("redis://:***@redis:6380/0").doesNotContain("s3cret");

        RedisSettings acl = RedisSettings.parse("rediss://app:p%40ss%3Aw+rd@redis.example.com:6390/2");
        assertThat(acl.user()).isEqualTo("app");
        assertThat(acl.password()).isEqualTo("p@ss:w+rd");
        assertThat(acl.tls()).isTrue();
        assertThat(acl.database()).isEqualTo(2);
        assertThat(acl.redacted()).isEqualTo("rediss://app:***@redis.example.com:6390/2");
    }

    @Test
    void wrong_urls_are_explained() {
        assertThatThrownBy(() -> RedisSettings.parse("")).hasMessageContaining("REDIS_URL is empty");
        assertThatThrownBy(() -> RedisSettings.parse("http://localhost:6379")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisSettings.parse("localhost:6379")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisSettings.parse("redis://localhost:6379/zero")).hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisSettings.parse("redis://s3cret@localhost:6379"))
                .hasMessageContaining("after a colon").hasMessageNotContaining("s3cret@");
        assertThatThrownBy(() -> RedisSettings.parse("redis:///0")).hasMessageContaining("no host");
    }
}
