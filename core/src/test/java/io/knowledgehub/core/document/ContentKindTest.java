package io.knowledgehub.core.document;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ContentKindTest {

    @Test
    void reads_filter_values_as_names_or_media_types() {
        assertThat(ContentKind.parse("markdown")).contains(ContentKind.MARKDOWN);
        assertThat(ContentKind.parse(" PDF ")).contains(ContentKind.PDF);
        assertThat(ContentKind.parse("text/html; charset=utf-8")).contains(ContentKind.HTML);
        assertThat(ContentKind.parse("application/xhtml+xml")).contains(ContentKind.HTML);
        assertThat(ContentKind.parse("text")).contains(ContentKind.TEXT);
        assertThat(ContentKind.parse("image/png")).isEmpty();
        assertThat(ContentKind.parse("docx")).isEmpty();
    }

    @Test
    void judges_by_content_type_first_then_by_extension() {
        assertThat(ContentKind.detect("text/markdown; charset=utf-8", "https://x.test/a")).contains(ContentKind.MARKDOWN);
        assertThat(ContentKind.detect("text/html", "https://x.test/readme.md")).contains(ContentKind.HTML);
        assertThat(ContentKind.detect("text/plain", "https://x.test/readme.md")).contains(ContentKind.MARKDOWN);
        assertThat(ContentKind.detect("text/plain", "https://x.test/notes.txt")).contains(ContentKind.TEXT);
        assertThat(ContentKind.detect("text/plain", "https://x.test/guide.pdf")).contains(ContentKind.TEXT);
        assertThat(ContentKind.detect("application/octet-stream", "https://x.test/docs/intro.MD")).contains(ContentKind.MARKDOWN);
        assertThat(ContentKind.detect("application/octet-stream", "https://x.test/tool.zip")).isEmpty();
        assertThat(ContentKind.detect(null, "https://x.test/page")).contains(ContentKind.HTML);
        assertThat(ContentKind.detect("", "https://x.test/a.txt")).contains(ContentKind.TEXT);
        assertThat(ContentKind.detect("application/json", "https://x.test/a.md")).isEmpty();
        assertThat(ContentKind.detect("application/pdf", "https://x.test/a")).contains(ContentKind.PDF);
    }

    @Test
    void stores_one_media_type_per_kind() {
        assertThat(ContentKind.ofStored("application/pdf")).isEqualTo(ContentKind.PDF);
        assertThat(ContentKind.ofStored("text/html")).isEqualTo(ContentKind.HTML);
        assertThat(ContentKind.ofStored("something/else")).isEqualTo(ContentKind.HTML);
        assertThat(ContentKind.MARKDOWN.mimeType()).isEqualTo("text/markdown");
        assertThat(ContentKind.wireNames()).isEqualTo("html, pdf, markdown, text");
        assertThat(ContentKind.byExtension("not a url")).isEqualTo(Optional.empty());
    }
}
