package io.knowledgehub.core.error;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTest {

    @Test
    void a_connection_failure_anywhere_in_the_causes_is_the_database_being_unreachable() {
        assertThat(DatabaseUnavailable.is(new RuntimeException("commit failed", new SQLException("Connection refused", "08001")))).isTrue();
        assertThat(DatabaseUnavailable.is(new IllegalStateException(new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLException("Acquisition timeout while waiting for new connection")))).isTrue();
        assertThat(DatabaseUnavailable.is(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
        // the embedded database, closed after a write to its file failed (a full disk)
        assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLException("The database has been closed", "90098")))).isTrue();
        // a failed commit: the transaction manager's exception keeps the driver's error as a suppressed one
        RuntimeException commit = new RuntimeException("Could not commit transaction.");
        commit.addSuppressed(new Exception("Error trying to commit", new SQLException("terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseUnavailable.is(new IllegalStateException(commit))).isTrue();
    }

    @Test
    void other_database_errors_are_not() {
        assertThat(DatabaseUnavailable.is(new RuntimeException(new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.is(new IllegalStateException("no such source"))).isFalse();
        assertThat(DatabaseUnavailable.is(null)).isFalse();
    }
}
