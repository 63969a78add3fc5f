package io.knowledgehub.api.auth;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpHostDefaultTest {

    @Test
    void loopback_with_auth_off_every_interface_with_auth_on_and_api_host_wins() {
        assertThat(HttpHostDefault.host(null, false)).isEqualTo("127.0.0.1");
        assertThat(HttpHostDefault.host("", false)).isEqualTo("127.0.0.1");
        assertThat(HttpHostDefault.host(null, true)).isEqualTo("0.0.0.0");
        assertThat(HttpHostDefault.host("0.0.0.0", false)).isEqualTo("0.0.0.0");
        assertThat(HttpHostDefault.host(" 10.0.0.5 ", true)).isEqualTo("10.0.0.5");
    }

    @Test
    void the_config_source_follows_the_profile_and_api_host() {
        Map<String, String> app = Map.of("kh.auth.enabled", "${KH_AUTH_ENABLED:false}", "%cluster.kh.auth.enabled", "${KH_AUTH_ENABLED:true}");
        assertThat(host(app, Map.of(), null)).isEqualTo("127.0.0.1");
        assertThat(host(app, Map.of(), "cluster")).isEqualTo("0.0.0.0");
        assertThat(host(app, Map.of("KH_AUTH_ENABLED", "true"), null)).isEqualTo("0.0.0.0");
        assertThat(host(app, Map.of("KH_AUTH_ENABLED", "false"), "cluster")).isEqualTo("127.0.0.1");
        assertThat(host(app, Map.of("API_HOST", "0.0.0.0"), null)).isEqualTo("0.0.0.0");
        Map<String, String> explicit = new HashMap<>(app);
        explicit.put("quarkus.http.host", "192.0.2.1");
        assertThat(host(explicit, Map.of(), null)).as("an explicit setting overrides the default").isEqualTo("192.0.2.1");
    }

    private static String host(Map<String, String> app, Map<String, String> env, String profile) {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(app, "application.properties", 250))
                .withSources(new PropertiesConfigSource(env, "env", 300))
                .withSources(new HttpHostDefault());
        if (profile != null) {
            b.withProfile(profile);
        }
        SmallRyeConfig config = b.build();
        return config.getValue("quarkus.http.host", String.class);
    }
}
