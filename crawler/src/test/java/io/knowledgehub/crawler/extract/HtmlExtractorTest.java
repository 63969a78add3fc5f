package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.document.Heading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Extraction of saved pages: a hand-written article page, a Sphinx-like page and two PostgreSQL doc pages. */
class HtmlExtractorTest {

    private static final String BASE = "https://docs.example.com/docs/configure.html";
    private final HtmlExtractor extractor = HtmlExtractor.forConfig(SourceConfig.defaults());

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = HtmlExtractorTest.class.getResourceAsStream("/extract/" + name)) {
            return in.readAllBytes();
        }
    }

    private ExtractedPage article() throws IOException {
        return extractor.extract(fixture("article-page.html"), "text/html; charset=utf-8", BASE);
    }

    @Test
    void takes_the_title_from_the_title_element_with_whitespace_collapsed() throws IOException {
        assertThat(article().title()).isEqualTo("Configuring the Widget");
    }

    @Test
    void falls_back_to_the_first_h1_for_the_title() {
        ExtractedPage page = extractor.extract("<html><body><h1>Only a heading</h1><p>x</p></body></html>", BASE);

        assertThat(page.title()).isEqualTo("Only a heading");
    }

    @Test
    void drops_navigation_page_header_footer_sidebar_scripts_and_forms() throws IOException {
        String text = article().text();

        assertThat(text).doesNotContain("NAV TEXT", "SITE HEADER TEXT", "FOOTER TEXT", "SIDEBAR TEXT", "SCRIPT TEXT",
                "TEMPLATE TEXT", "NOSCRIPT TEXT", "color: red", "Was this helpful", "¶");
    }

    @Test
    void keeps_the_article_header_with_its_title() throws IOException {
        assertThat(article().text()).startsWith("# Configuring the Widget\n\n");
    }

    @Test
    void structures_text_as_headings_paragraphs_list_items_and_table_rows() throws IOException {
        String text = article().text();

        assertThat(text).contains("\n\nThe widget reads its settings from widget.conf, see installing.\n\n");
        assertThat(text).contains("\n\n## Options\n\n");
        assertThat(text).contains("\n\nEach option is one line.\nComments start with a hash.\n\n");
        assertThat(text).contains("\n\nsize: the size\n\ncolour: the colour\n\nred\n\nblue\n\n");
        assertThat(text).contains("\n\nOption | Default\n\nsize | 10\n\n");
        assertThat(text).contains("\n\nsize\n\nHow big it is.");
    }

    @Test
    void fences_code_blocks_and_keeps_them_verbatim() throws IOException {
        assertThat(article().text()).contains("\n\n```\nsize = 10\n  colour = red   # indented\n```\n\n");
    }

    @Test
    void anchors_headings_by_id_child_anchor_or_enclosing_section() throws IOException {
        assertThat(article().headings()).containsExactly(
                new Heading(1, "Configuring the Widget", "top"),
                new Heading(2, "Options", "options"),
                new Heading(3, "Defaults", "defaults"),
                new Heading(2, "Example", "example"),
                // not the first heading of its section: the section's id belongs to "Example"
                new Heading(3, "Second heading in the section", null));
    }

    @Test
    void collects_normalised_links_from_the_whole_page() throws IOException {
        List<String> links = article().links();

        assertThat(links).contains("https://docs.example.com/", "https://docs.example.com/docs/",
                "https://docs.example.com/blog/", "https://docs.example.com/docs/sidebar-link.html",
                "https://docs.example.com/docs/install.html", "https://other.example.org/page");
        assertThat(links).noneMatch(l -> l.contains("#") || l.startsWith("mailto:"));
        assertThat(links).doesNotHaveDuplicates();
    }

    @Test
    void reads_the_canonical_url_normalised() throws IOException {
        assertThat(article().canonicalUrl()).isEqualTo("https://docs.example.com/docs/widget.html");
    }

    @Test
    void removes_the_sources_exclude_selectors() throws IOException {
        HtmlExtractor custom = new HtmlExtractor(new SourceConfig.ContentExtraction(List.of(".advert", ".last-updated"),
                true, false), TextCleaner.of(List.of()));

        String text = custom.extract(fixture("article-page.html"), "text/html", BASE).text();

        assertThat(article().text()).contains("ADVERT TEXT", "Last updated");
        assertThat(text).doesNotContain("ADVERT TEXT", "Last updated");
    }

    @Test
    void applies_remove_patterns_before_hashing() throws IOException {
        HtmlExtractor cleaning = new HtmlExtractor(SourceConfig.ContentExtraction.defaults(),
                TextCleaner.of(List.of("Last updated: [0-9: -]+")));

        ExtractedPage page = cleaning.extract(fixture("article-page.html"), "text/html", BASE);

        assertThat(page.text()).doesNotContain("Last updated");
        assertThat(page.contentHash()).isEqualTo(new ContentHasher(true, false).hash(page.text()))
                .isNotEqualTo(article().contentHash());
    }

    @Test
    void picks_the_largest_content_container_when_there_is_no_main_or_article() throws IOException {
        ExtractedPage page = extractor.extract(fixture("sphinx-like.html"), null, "https://docs.python.org/3/library/csv.html");

        assertThat(page.text()).startsWith("# csv — CSV File Reading and Writing\n\nThe so-called CSV format");
        assertThat(page.text()).doesNotContain("RELATED BAR", "SIDEBAR", "Table of contents", "Copyright", "¶");
        assertThat(page.headings()).containsExactly(
                new Heading(1, "csv — CSV File Reading and Writing", "module-csv"),
                new Heading(2, "Module Contents", "module-contents"));
    }

    @Test
    void ignores_an_empty_main_placeholder() {
        ExtractedPage page = extractor.extract("<html><body><main></main><div id=\"content\"><p>"
                + "Real content rendered on the server.</p></div></body></html>", BASE);

        assertThat(page.text()).isEqualTo("Real content rendered on the server.");
    }

    @Test
    void keeps_a_page_wrapped_in_one_form() {
        ExtractedPage page = extractor.extract("<html><body><form id=\"aspnetForm\"><h1>Title</h1><p>"
                + "All of the page lives inside a form.</p><form><input></form></form></body></html>", BASE);

        assertThat(page.text()).isEqualTo("# Title\n\nAll of the page lives inside a form.");
    }

    @Test
    void decodes_the_charset_named_by_the_content_type() {
        byte[] latin1 = "<html><body><p>caf\u00e9</p></body></html>".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(extractor.extract(latin1, "text/html; charset=ISO-8859-1", BASE).text()).isEqualTo("café");
    }

    @Test
    void a_page_declaring_utf_16_in_bytes_that_are_not_is_read_as_utf_8_as_browsers_do() {
        byte[] page = "<html><head><meta charset='utf-16'><title>Vacuum</title></head><body><p>Vacuum reclaims storage.</p></body></html>"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        // an unknown charset in the header is left aside; the meta's UTF-16 does not fit bytes without NULs
        ExtractedPage read = extractor.extract(page, "text/html; charset=bogus-charset-xyz", BASE);
        assertThat(read.title()).isEqualTo("Vacuum");
        assertThat(read.text()).contains("Vacuum reclaims storage.");
        // real UTF-16 (with its byte-order mark) is still read as UTF-16
        byte[] utf16 = "<html><head><title>Vacuum</title></head><body><p>café</p></body></html>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_16);
        assertThat(extractor.extract(utf16, "text/html", BASE).text()).contains("café");
    }

    @Test
    void extracts_a_postgresql_section_page_without_its_navigation() throws IOException {
        ExtractedPage page = extractor.extract(fixture("postgresql-datatype-numeric.html"), "text/html",
                "https://www.postgresql.org/docs/15/datatype-numeric.html");

        assertThat(page.title()).isEqualTo("8.1. Numeric Types");
        assertThat(page.text()).startsWith("## 8.1. Numeric Types\n\n");
        assertThat(page.text()).doesNotContain("Prev", "Next", "Home", "Up\n", "Chapter 8. Data Types");
        assertThat(page.text()).contains("\n\nsmallint | 2 bytes | small-range integer | -32768 to +32767\n\n");
        assertThat(page.headings()).startsWith(
                new Heading(2, "8.1. Numeric Types", "DATATYPE-NUMERIC"),
                new Heading(3, "8.1.1. Integer Types", "DATATYPE-INT"),
                new Heading(3, "8.1.2. Arbitrary Precision Numbers", "DATATYPE-NUMERIC-DECIMAL"));
        assertThat(page.headings()).filteredOn(h -> h.text().equals("Note")).allMatch(h -> h.anchor() == null);
        // navigation links are still links: the crawl follows them
        assertThat(page.links()).contains("https://www.postgresql.org/docs/15/datatype-money.html",
                "https://www.postgresql.org/docs/15/datatype.html");
    }

    @Test
    void extracts_a_postgresql_reference_page_with_its_synopsis_as_code() throws IOException {
        ExtractedPage page = extractor.extract(fixture("postgresql-sql-vacuum.html"), "text/html",
                "https://www.postgresql.org/docs/15/sql-vacuum.html");

        assertThat(page.headings().getFirst()).isEqualTo(new Heading(2, "VACUUM", "SQL-VACUUM"));
        assertThat(page.headings()).extracting(Heading::text)
                .contains("Synopsis", "Description", "Parameters", "Examples", "See Also");
        assertThat(page.headings()).filteredOn(h -> h.text().equals("Description"))
                .allSatisfy(h -> assertThat(h.anchor()).startsWith("id-"));
        assertThat(page.text()).contains("## Synopsis\n\n```\nVACUUM [ ( option [, ...] ) ] [ table_and_columns [, ...] ]");
        assertThat(page.text()).doesNotContain("Prev", "Next", "Home");
    }

    @Test
    void drops_lists_that_are_nearly_all_links_but_keeps_lists_of_prose() {
        StringBuilder toc = new StringBuilder("<div class=\"toc\"><dl>");
        for (int i = 1; i <= 10; i++) {
            toc.append("<dt><a href=\"s").append(i).append(".html\">Section ").append(i).append(" title</a></dt>");
        }
        toc.append("</dl></div>");
        StringBuilder prose = new StringBuilder("<ul>");
        for (int i = 1; i <= 10; i++) {
            prose.append("<li><a href=\"f").append(i).append(".html\">f").append(i)
                    .append("</a> returns the size of the relation in bytes, counting every fork</li>");
        }
        prose.append("</ul>");
        var page = extractor.extract("<html><body><main><h1>Chapter</h1><p>Intro text.</p>" + toc + prose
                + "</main></body></html>", BASE);
        org.assertj.core.api.Assertions.assertThat(page.text()).doesNotContain("Section 3 title")
                .contains("returns the size of the relation").contains("Intro text.");
        org.assertj.core.api.Assertions.assertThat(page.links()).anyMatch(l -> l.endsWith("/s3.html"));
    }

    @Test
    void anchored_definitions_head_their_own_section_one_level_below_the_current_one() {
        String html = """
                <html><body><main><h1>Server Configuration</h1>
                <div class="sect2" id="replication"><h2>Replication</h2><p>Settings for sending servers.</p>
                <dl class="variablelist">
                <dt id="GUC-MAX-WAL-SENDERS"><span class="term"><code>max_wal_senders</code> (integer)</span></dt>
                <dd><p>Specifies the maximum number of concurrent connections from standby servers.</p></dd>
                <dt id="GUC-TRACK-COMMIT"><code>track_commit_timestamp</code></dt>
                <dt><code>track_commit_time</code></dt>
                <dd><p>Record commit time of transactions; the second name is an alias.</p></dd>
                </dl></div></main></body></html>""";

        ExtractedPage page = extractor.extract(html, BASE);

        assertThat(page.headings()).containsExactly(
                new Heading(1, "Server Configuration", null),
                new Heading(2, "Replication", "replication"),
                new Heading(3, "max_wal_senders (integer)", "GUC-MAX-WAL-SENDERS"),
                new Heading(3, "track_commit_timestamp / track_commit_time", "GUC-TRACK-COMMIT"));
        assertThat(page.text()).contains("""
                ### max_wal_senders (integer)

                Specifies the maximum number of concurrent connections from standby servers.

                ### track_commit_timestamp / track_commit_time

                Record commit time of transactions; the second name is an alias.""");
    }

    @Test
    void terms_without_an_anchor_or_without_a_definition_stay_text() {
        String html = """
                <html><body><main><h1>Reference</h1>
                <dl><dt><code>verbose</code></dt><dd><p>Prints a detailed report of what the command does.</p></dd></dl>
                <div class="index"><dl>
                <dt id="ientry-1">vacuum, <a href="sql-vacuum.html">VACUUM</a></dt>
                <dd><dl><dt id="ientry-2">full, <a href="routine-vacuuming.html">Recovering Disk Space</a></dt></dl></dd>
                <dt id="ientry-3">varchar</dt><dd>see character varying</dd>
                </dl></div></main></body></html>""";

        ExtractedPage page = extractor.extract(html, BASE);

        assertThat(page.headings()).extracting(Heading::text).containsExactly("Reference");
        assertThat(page.text()).contains("verbose\n\nPrints a detailed report", "varchar\n\nsee character varying");
    }

    @Test
    void a_call_out_box_label_is_not_a_section() {
        String html = """
                <html><body><main><h1>Functions</h1>
                <div class="sect2" id="calls"><h2>Function Calls</h2><p>The syntax for a function call.</p>
                <div class="note"><h2 class="title">Note</h2><p>Field selection syntax works too.</p></div>
                <p>Named arguments are described elsewhere.</p></div>
                <h2>Aggregates</h2><p>An aggregate reduces rows.</p></main></body></html>""";

        ExtractedPage page = extractor.extract(html, BASE);

        assertThat(page.headings()).extracting(Heading::text).containsExactly("Functions", "Function Calls", "Aggregates");
        assertThat(page.text()).contains("""
                ## Function Calls

                The syntax for a function call.

                Note

                Field selection syntax works too.

                Named arguments are described elsewhere.

                ## Aggregates""");
    }
}
