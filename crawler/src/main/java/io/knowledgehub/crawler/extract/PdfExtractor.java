package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.core.document.Heading;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a PDF document into an {@link ExtractedPage} of the same shape as an HTML page: each PDF page is a section
 * headed {@code # Page N} with the anchor {@code page=N}, so a search result links to {@code guide.pdf#page=N} (the
 * fragment PDF viewers open at that page). Paragraphs are PDFBox's, each written on one line.
 *
 * <p>Title: the document information's Title, else the first heading-like line of the first page (short, not a
 * sentence), else the file name. At most {@code maxPages} pages are read; the rest of a longer document is left out.
 * A document that needs a password, or that PDFBox cannot parse, throws {@link UnreadableDocumentException}.
 * {@link #extract} is safe to call from many threads (each call has its own parser).
 */
public final class PdfExtractor {

    private static final int TITLE_LINE_MAX = 120;
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final int maxPages;
    private final TextCleaner cleaner;
    private final ContentHasher hasher;

    public PdfExtractor(int maxPages, TextCleaner cleaner, ContentHasher hasher) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1");
        }
        this.maxPages = maxPages;
        this.cleaner = cleaner;
        this.hasher = hasher;
    }

    public static PdfExtractor forConfig(SourceConfig config, int maxPages) {
        SourceConfig.ContentExtraction ex = config.contentExtraction();
        return new PdfExtractor(maxPages, TextCleaner.of(config.contentCleaning().removePatterns()),
                new ContentHasher(ex.normalizeWhitespace(), ex.ignoreCase()));
    }

    /**
     * @param body    the bytes of the PDF file
     * @param pageUrl the URL it was fetched from (its file name is the title of last resort)
     * @throws UnreadableDocumentException when the document is encrypted with a password or cannot be parsed
     */
    public ExtractedPage extract(byte[] body, String pageUrl) {
        try (PDDocument doc = Loader.loadPDF(body)) {
            int pages = Math.min(doc.getNumberOfPages(), maxPages);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setLineSeparator("\n");
            stripper.setParagraphEnd("\n\n");
            StringBuilder text = new StringBuilder();
            List<Heading> headings = new ArrayList<>(pages);
            String firstLine = null;
            for (int n = 1; n <= pages; n++) {
                stripper.setStartPage(n);
                stripper.setEndPage(n);
                String raw = stripper.getText(doc);
                List<String> paragraphs = paragraphs(raw);
                if (paragraphs.isEmpty()) {
                    continue; // a blank page (a cover, a scan without text) makes no section
                }
                if (firstLine == null) {
                    firstLine = headingLike(raw.strip().lines().findFirst().orElse(""));
                }
                String heading = "Page " + n;
                headings.add(new Heading(1, heading, "page=" + n));
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append("# ").append(heading);
                for (String paragraph : paragraphs) {
                    text.append("\n\n").append(paragraph);
                }
            }
            String cleaned = cleaner.clean(text.toString());
            return new ExtractedPage(title(doc.getDocumentInformation(), firstLine, pageUrl), cleaned, headings,
                    hasher.hash(cleaned), null, List.of(), ContentKind.PDF, null, null, List.of(),
                    doc.getNumberOfPages() - pages);
        } catch (InvalidPasswordException e) {
            throw new UnreadableDocumentException("encrypted PDF (needs a password)");
        } catch (IOException | RuntimeException e) {
            // PDFBox reports a damaged file with IOExceptions, and now and then with a runtime exception
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UnreadableDocumentException("broken PDF (" + abbreviate(message) + ")");
        }
    }

    /** PDFBox's paragraphs with their lines joined and whitespace collapsed; blank ones dropped. */
    private static List<String> paragraphs(String pageText) {
        List<String> out = new ArrayList<>();
        for (String block : pageText.split("\n\\s*\n")) {
            String p = SPACES.matcher(block).replaceAll(" ").strip();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The line when it reads like a heading (short, not ending like a sentence), else "". */
    private static String headingLike(String firstLine) {
        String line = SPACES.matcher(firstLine).replaceAll(" ").strip();
        if (line.length() > TITLE_LINE_MAX || line.endsWith(".") || line.endsWith(",") || line.endsWith(";")) {
            return "";
        }
        return line;
    }

    private static String title(PDDocumentInformation info, String firstLine, String pageUrl) {
        String meta = info == null || info.getTitle() == null ? "" : SPACES.matcher(info.getTitle()).replaceAll(" ").strip();
        if (!meta.isEmpty()) {
            return meta;
        }
        if (firstLine != null && !firstLine.isEmpty()) {
            return firstLine;
        }
        return fileName(pageUrl);
    }

    static String fileName(String pageUrl) {
        try {
            String path = URI.create(pageUrl).getRawPath();
            if (path == null || path.isEmpty() || path.endsWith("/")) {
                return pageUrl;
            }
            return URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return pageUrl;
        }
    }

    private static String abbreviate(String message) {
        String m = SPACES.matcher(message).replaceAll(" ").strip();
        return m.length() <= 160 ? m : m.substring(0, 157) + "...";
    }
}
