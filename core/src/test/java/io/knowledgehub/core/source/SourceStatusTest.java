package io.knowledgehub.core.source;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceStatusTest {

    @Test
    void the_wire_forms_are_the_strings_the_sources_table_and_the_api_have_always_held() {
        assertThat(Arrays.stream(SourceStatus.values()).map(SourceStatus::wire)).containsExactly("active", "paused");
    }

    @Test
    void every_status_reads_back_from_its_wire_form_and_through_the_column() {
        SourceStatusColumn column = new SourceStatusColumn();
        for (SourceStatus s : SourceStatus.values()) {
            assertThat(SourceStatus.parse(s.wire())).contains(s);
            assertThat(SourceStatus.fromWire(s.wire())).isEqualTo(s);
            assertThat(column.convertToDatabaseColumn(s)).isEqualTo(s.wire());
            assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(s))).isEqualTo(s);
        }
        assertThat(column.convertToDatabaseColumn(null)).isNull();
        assertThat(column.convertToEntityAttribute(null)).isNull();
    }

    @Test
    void a_value_no_status_has_is_no_status() {
        assertThat(SourceStatus.parse("ACTIVE")).isEmpty();
        assertThat(SourceStatus.parse("stopped")).isEmpty();
        assertThat(SourceStatus.parse(null)).isEmpty();
        assertThatThrownBy(() -> new SourceStatusColumn().convertToEntityAttribute("stopped"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }
}
