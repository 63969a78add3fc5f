package io.knowledgehub.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void maps_the_spec_form_to_jdbc_url_user_and_password() {
        assertThat(DatabaseUrl.toJdbc("postgresql://khuser:s3cret@postgres:5432/knowledgehub")).isEqualTo(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://postgres:5432/knowledgehub",
                "quarkus.datasource.username", "khuser",
                "quarkus.datasource.password", "s3cret"));
    }

    @Test
    void accepts_postgres_scheme_default_port_query_and_encoded_password() {
        assertThat(DatabaseUrl.toJdbc("postgres://app:p%40ss%3Aword@db.internal/kh?sslmode=require")).isEqualTo(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.internal/kh?sslmode=require",
                "quarkus.datasource.username", "app",
                "quarkus.datasource.password", "p@ss:word"));
    }

    @Test
    void without_credentials_only_the_url_is_set_and_jdbc_urls_pass_through() {
        assertThat(DatabaseUrl.toJdbc("postgresql://localhost:6543/kh"))
                .isEqualTo(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:6543/kh"));
        assertThat(DatabaseUrl.toJdbc("jdbc:postgresql://h/db?user=x"))
                .isEqualTo(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://h/db?user=x"));
    }

    @Test
    void explains_what_is_wrong_without_showing_the_password() {
        assertThatThrownBy(() -> DatabaseUrl.toJdbc("mysql://u:secret@h/db")).hasMessageContaining("postgresql://")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.toJdbc("postgresql://u:secret@h:5432")).hasMessageContaining("no database")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.toJdbc("postgresql:///db")).hasMessageContaining("no host");
    }
}
