package io.knowledgehub.api.auth;

import io.knowledgehub.api.backup.BackupCommandAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A backup holds everything, API key hashes included: only an admin key gets one, and ./kh backup says what to set. */
@QuarkusTest
@TestProfile(AuthOn.class)
class BackupAuthTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void a_backup_needs_an_admin_key() {
        String read = Keys.create("backup read", "read")[1];
        given().contentType("application/json").post("/api/v1/backup").then().statusCode(401);
        Keys.with(read).contentType("application/json").post("/api/v1/backup").then().statusCode(403);
        // past the key check: these tests keep the database in memory, which has no files to back up
        Keys.admin().contentType("application/json").post("/api/v1/backup").then().statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("in memory"));
    }

    @Test
    void kh_backup_says_which_key_it_needs_and_saves_nothing_when_refused(@TempDir Path dir) throws Exception {
        String url = base.toString();
        String read = Keys.create("backup cli read", "read")[1];

        BackupCommandAccess.Result none = BackupCommandAccess.run(Map.of("KH_API_URL", url), "backup", dir.toString());
        assertThat(none.status()).isEqualTo(1);
        assertThat(none.err()).contains("set KH_API_KEY to an admin key");

        BackupCommandAccess.Result readKey = BackupCommandAccess.run(Map.of("KH_API_URL", url, "KH_API_KEY", read), "backup", dir.toString());
        assertThat(readKey.status()).isEqualTo(1);
        assertThat(readKey.err()).contains("not an admin key");

        BackupCommandAccess.Result admin = BackupCommandAccess.run(Map.of("KH_API_URL", url, "KH_API_KEY", AuthOn.ADMIN_KEY),
                "backup", dir.toString());
        assertThat(admin.status()).isEqualTo(1);
        assertThat(admin.err()).contains("HTTP 409").contains("in memory");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
