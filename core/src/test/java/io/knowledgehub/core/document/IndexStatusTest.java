package io.knowledgehub.core.document;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexStatusTest {

    @Test
    void the_wire_forms_are_the_strings_the_documents_table_and_the_api_have_always_held() {
        assertThat(Arrays.stream(IndexStatus.values()).map(IndexStatus::wire)).containsExactly("pending", "indexed", "failed");
    }

    @Test
    void every_status_reads_back_from_its_wire_form_and_through_the_column() {
        IndexStatusColumn column = new IndexStatusColumn();
        for (IndexStatus s : IndexStatus.values()) {
            assertThat(IndexStatus.parse(s.wire())).contains(s);
            assertThat(IndexStatus.fromWire(s.wire())).isEqualTo(s);
            assertThat(column.convertToDatabaseColumn(s)).isEqualTo(s.wire());
            assertThat(column.convertToEntityAttribute(column.convertToDatabaseColumn(s))).isEqualTo(s);
        }
        assertThat(column.convertToDatabaseColumn(null)).isNull();
        assertThat(column.convertToEntityAttribute(null)).isNull();
    }

    @Test
    void a_value_no_status_has_is_no_status() {
        assertThat(IndexStatus.parse("INDEXED")).isEmpty();
        assertThat(IndexStatus.parse("done")).isEmpty();
        assertThat(IndexStatus.parse(null)).isEmpty();
        assertThatThrownBy(() -> new IndexStatusColumn().convertToEntityAttribute("done"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("done");
    }
}
