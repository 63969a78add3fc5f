package io.knowledgehub.crawler.engine;

import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.core.document.Heading;
import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.crawler.render.ChromiumSettings;
import io.knowledgehub.crawler.testing.SiteCrawler;
import io.knowledgehub.testkit.FixtureSiteServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.knowledgehub.crawler.engine.PageOutcome.Kind.NEW;
import static io.knowledgehub.crawler.engine.PageOutcome.Kind.SKIPPED;
import static io.knowledgehub.testkit.PdfFiles.encrypted;
import static io.knowledgehub.testkit.PdfFiles.pdf;
import static io.knowledgehub.crawler.testing.Sites.html;
import static io.knowledgehub.crawler.testing.TestConfig.config;
import static org.assertj.core.api.Assertions.assertThat;

/** PDF documents linked from a site on 127.0.0.1, written with PDFBox: stored, skipped with a reason, or bounded. */
class PdfCrawlTest {

    private static final List<List<String>> GUIDE = List.of(
            List.of("Operator Guide", "Welcome to the operator guide."),
            List.of("Installing the agent", "Run the installer with the flux capacitor enabled.", "Then restart."),
            List.of("Tuning", "Set the warp factor to nine for large clusters."));

    @TempDir
    Path dir;
    private FixtureSiteServer site;

    @BeforeEach
    void serve() throws Exception {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/index.html"), html("Docs", "<p><a href=\"guide.pdf\">guide</a> "
                + "<a href=\"untitled.pdf\">untitled</a> <a href=\"locked.pdf\">locked</a> "
                + "<a href=\"broken.pdf\">broken</a></p>"));
        Files.write(dir.resolve("docs/guide.pdf"), pdf("The Operator Guide", GUIDE));
        Files.write(dir.resolve("docs/untitled.pdf"), pdf(null, List.of(List.of("Release Notes 4.2",
                "This release adds PDF documents."))));
        Files.write(dir.resolve("docs/locked.pdf"), encrypted("Locked", GUIDE, "secret"));
        Files.writeString(dir.resolve("docs/broken.pdf"), "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage, not a PDF\n");
        site = FixtureSiteServer.serve(dir);
    }

    @AfterEach
    void stop() {
        site.close();
    }

    @Test
    void pdf_pages_become_sections_anchored_page_n_and_unreadable_pdfs_are_skipped_with_the_reason() throws Exception {
        SiteCrawler.Result result = new SiteCrawler().crawl(site.uri("docs/"), config().build());

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/guide.pdf", "/docs/untitled.pdf");
        ExtractedPage guide = result.recording().at("/docs/guide.pdf").page();
        assertThat(guide.title()).isEqualTo("The Operator Guide");
        assertThat(guide.kind()).isEqualTo(ContentKind.PDF);
        assertThat(guide.headings()).containsExactly(new Heading(1, "Page 1", "page=1"),
                new Heading(1, "Page 2", "page=2"), new Heading(1, "Page 3", "page=3"));
        assertThat(guide.text()).isEqualTo("""
                # Page 1

                Operator Guide Welcome to the operator guide.

                # Page 2

                Installing the agent Run the installer with the flux capacitor enabled. Then restart.

                # Page 3

                Set the warp factor to nine for large clusters.""".replace("Set the", "Tuning Set the"));
        assertThat(guide.links()).isEmpty();
        assertThat(result.recording().at("/docs/").page().kind()).isEqualTo(ContentKind.HTML);

        // no Title in the metadata: the first heading-like line
        assertThat(result.recording().at("/docs/untitled.pdf").page().title()).isEqualTo("Release Notes 4.2");

        PageOutcome locked = result.recording().at("/docs/locked.pdf");
        assertThat(locked.kind()).isEqualTo(SKIPPED);
        assertThat(locked.reason()).isEqualTo("encrypted PDF (needs a password)");
        PageOutcome broken = result.recording().at("/docs/broken.pdf");
        assertThat(broken.kind()).isEqualTo(SKIPPED);
        assertThat(broken.reason()).startsWith("broken PDF (");
        assertThat(result.stats().pagesSkipped()).isEqualTo(2);
        assertThat(result.stats().pagesFailed()).isZero();
    }

    @Test
    void a_pdf_without_text_and_empty_text_files_are_skipped_as_having_no_text() throws Exception {
        Files.write(dir.resolve("docs/scanned.pdf"), pdf("Scanned manual", List.of(List.of(), List.of())));
        Files.writeString(dir.resolve("docs/empty.md"), "");
        Files.writeString(dir.resolve("docs/blank.txt"), "\n  \n");
        Files.writeString(dir.resolve("docs/index.html"), html("Docs", "<p><a href=\"guide.pdf\">guide</a> "
                + "<a href=\"scanned.pdf\">scanned</a> <a href=\"empty.md\">empty</a> <a href=\"blank.txt\">blank</a></p>"));

        SiteCrawler.Result result = new SiteCrawler().crawl(site.uri("docs/"), config().build());

        assertThat(result.recording().paths(NEW)).containsExactlyInAnyOrder("/docs/", "/docs/guide.pdf");
        PageOutcome scanned = result.recording().at("/docs/scanned.pdf");
        assertThat(scanned.kind()).isEqualTo(SKIPPED);
        assertThat(scanned.code()).isEqualTo(io.knowledgehub.crawler.coverage.UrlReason.NO_TEXT);
        assertThat(scanned.reason()).isEqualTo("a PDF without text (scanned pages? there is no OCR)");
        for (String empty : List.of("/docs/empty.md", "/docs/blank.txt")) {
            assertThat(result.recording().at(empty).kind()).as(empty).isEqualTo(SKIPPED);
            assertThat(result.recording().at(empty).reason()).as(empty).isEqualTo("an empty file");
        }
        assertThat(result.stats().pagesSkipped()).isEqualTo(3);
    }

    @Test
    void pdfs_are_bounded_by_pages_and_bytes_and_skipped_when_pdf_support_is_off() throws Exception {
        long guideBytes = Files.size(dir.resolve("docs/guide.pdf"));
        ContentSettings twoPages = new ContentSettings(true, guideBytes, 2, ChromiumSettings.defaults());
        SiteCrawler.Result bounded = new SiteCrawler(twoPages).crawl(site.uri("docs/"), config().build());
        assertThat(bounded.recording().at("/docs/guide.pdf").page().headings()).extracting(Heading::anchor)
                .containsExactly("page=1", "page=2");
        // the crawl says so
        assertThat(CrawlReport.warnings(bounded.stats())).contains("1 PDF has more pages than the crawler reads "
                + "(kh.crawler.max-pdf-pages); 1 page past that limit was not indexed.");
        assertThat(CrawlReport.warnings(new SiteCrawler().crawl(site.uri("docs/"), config().build()).stats()))
                .noneMatch(w -> w.contains("max-pdf-pages"));

        Files.write(dir.resolve("docs/guide.pdf"), pdf("The Operator Guide", List.of(GUIDE.get(0), GUIDE.get(1),
                GUIDE.get(2), GUIDE.get(0), GUIDE.get(1), GUIDE.get(2))));
        SiteCrawler.Result tooLarge = new SiteCrawler(twoPages).crawl(site.uri("docs/"), config().build());
        assertThat(tooLarge.recording().at("/docs/guide.pdf").kind()).isEqualTo(SKIPPED);
        assertThat(tooLarge.recording().at("/docs/guide.pdf").reason()).isEqualTo("too large (over " + guideBytes + " bytes)");

        ContentSettings off = new ContentSettings(false, guideBytes, 2, ChromiumSettings.defaults());
        SiteCrawler.Result htmlOnly = new SiteCrawler(off).crawl(site.uri("docs/"), config().build());
        assertThat(htmlOnly.recording().paths(NEW)).containsExactly("/docs/");
        assertThat(htmlOnly.recording().at("/docs/guide.pdf").reason()).isEqualTo("not a kind of document that is indexed (application/pdf)");
    }
}
