package io.knowledgehub.crawler.extract;

import io.knowledgehub.core.document.ContentKind;
import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.scope.UrlNormalizer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Evaluator;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.QueryParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an HTML page into an {@link ExtractedPage}: title, links, canonical URL, and the structured, cleaned and
 * hashed text of its main content. Built once per crawl from the source's config (selectors and patterns are
 * compiled here); {@link #extract} is a pure function of its arguments and safe to call from many threads.
 *
 * <p>Main content: {@code main}, else {@code article}, else {@code [role=main]}, else the common content
 * container with the most text ({@code div.body}, {@code #content}, DocBook's {@code div.sect1} ...), else
 * {@code body}. Boilerplate (scripts, navigation, page header and footer, sidebars, forms, DocBook
 * {@code navheader}/{@code navfooter}) and the source's {@code exclude_selectors} are removed first, and lists
 * that are nearly all links (tables of contents, indexes) after; links are collected from the whole page before
 * that.
 */
public final class HtmlExtractor {

    private static final Evaluator H1 = QueryParser.parse("h1");
    private static final Evaluator LISTS = QueryParser.parse("ul, ol, dl");
    private static final Evaluator LINK = QueryParser.parse("a[href]");
    private static final int LINK_LIST_MIN_LINKS = 8;
    private static final double LINK_LIST_SHARE = 0.5;

    private final Evaluator excluded;
    private final TextCleaner cleaner;
    private final ContentHasher hasher;

    public HtmlExtractor(SourceConfig.ContentExtraction extraction, TextCleaner cleaner) {
        this.excluded = extraction.excludeSelectors().isEmpty() ? null
                : QueryParser.parse(String.join(", ", extraction.excludeSelectors()));
        this.cleaner = cleaner;
        this.hasher = new ContentHasher(extraction.normalizeWhitespace(), extraction.ignoreCase());
    }

    public static HtmlExtractor forConfig(SourceConfig config) {
        return new HtmlExtractor(config.contentExtraction(), TextCleaner.of(config.contentCleaning().removePatterns()));
    }

    public ContentHasher hasher() {
        return hasher;
    }

    /** The source's remove_patterns, which every kind of page applies to its text. */
    public TextCleaner cleaner() {
        return cleaner;
    }

    /**
     * @param body        the raw bytes of the page
     * @param contentType the Content-Type header (its charset is used when present), may be null
     * @param pageUrl     the URL the page was fetched from: relative links resolve against it
     */
    public ExtractedPage extract(byte[] body, String contentType, String pageUrl) {
        try {
            Document doc = Jsoup.parse(new ByteArrayInputStream(body), charsetOf(contentType), pageUrl);
            String decoded = doc.charset().name().toUpperCase(Locale.ROOT);
            if ((decoded.startsWith("UTF-16") || decoded.startsWith("UTF-32")) && asciiCompatible(body)) {
                // a <meta charset="utf-16"> in a page whose bytes are not UTF-16 (no byte-order mark, no NUL): browsers
                // read such a page as UTF-8 (the WHATWG encoding rules), and so does the crawl, instead of garbage
                doc = Jsoup.parse(new ByteArrayInputStream(body), "UTF-8", pageUrl);
            }
            return extract(doc);
        } catch (IOException e) {
            // reading from a byte array fails only on an undecodable charset name
            throw new UncheckedIOException("could not decode the page", e);
        }
    }

    public ExtractedPage extract(String html, String pageUrl) {
        return extract(Jsoup.parse(html, pageUrl));
    }

    private ExtractedPage extract(Document doc) {
        PageScan scan = PageScan.of(doc);
        List<String> tracked = new ArrayList<>();
        List<String> links = links(doc, scan, tracked);
        String canonical = scan.canonicalHref == null ? null : UrlNormalizer.resolve(baseOf(doc), scan.canonicalHref);
        String title = title(doc);

        removeBoilerplate(doc, scan);
        Element main = mainContent(doc, scan);
        removeLinkLists(main);
        StructuredText structured = StructuredText.of(main);
        String text = cleaner.clean(structured.text());
        // the same content for readers: indexed text and hash stay exactly what they were
        String markdown = cleaner.clean(StructuredText.markdownOf(main).text());
        String twin = scan.markdownHref == null ? null : UrlNormalizer.resolve(baseOf(doc), scan.markdownHref);
        return new ExtractedPage(title, text, structured.headings(), hasher.hash(text), canonical, links,
                ContentKind.HTML, markdown.equals(text) ? null : markdown, twin, tracked);
    }

    /**
     * Links are collected before any removal: navigation is exactly where a crawl finds pages. Links written with
     * tracking parameters or session ids are also added to {@code tracked} as written (once each).
     */
    private static List<String> links(Document doc, PageScan scan, List<String> tracked) {
        URI base = baseOf(doc);
        Set<String> out = new LinkedHashSet<>();
        Set<String> asWritten = new LinkedHashSet<>();
        for (String href : scan.hrefs) {
            String url = base == null ? UrlNormalizer.normalize(href) : UrlNormalizer.resolve(base, href);
            if (url != null) {
                out.add(url);
                // tracking parameters live in the query, session ids there or in a path parameter: links without
                // either need no second look
                String written = href.indexOf('?') < 0 && href.indexOf(';') < 0 ? null
                        : UrlNormalizer.trackedForm(base, href);
                if (written != null) {
                    asWritten.add(written);
                }
            }
        }
        tracked.addAll(asWritten);
        return new ArrayList<>(out);
    }

    /** The page URL, or the {@code <base href>} the page declares (jsoup applies it while parsing). */
    private static URI baseOf(Document doc) {
        try {
            return URI.create(doc.baseUri());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String title(Document doc) {
        String title = StructuredText.collapse(doc.title());
        if (!title.isEmpty()) {
            return title;
        }
        Element h1 = doc.selectFirst(H1);
        return h1 == null ? "" : StructuredText.collapse(h1.text());
    }

    private void removeBoilerplate(Document doc, PageScan scan) {
        for (Element el : scan.drop) {
            el.remove();
        }
        // a page header is boilerplate, an article's own header (its title) is content
        for (Element header : scan.headers) {
            if (attached(header) && !insideContent(header)) {
                header.remove();
            }
        }
        // some frameworks wrap the whole page in one <form>: unwrap that one instead of losing the page
        if (!scan.forms.isEmpty()) {
            int bodyText = textLength(doc.body());
            for (Element form : scan.forms) {
                if (!attached(form)) {
                    continue;
                }
                if (textLength(form) * 2 > bodyText) {
                    form.unwrap();
                } else {
                    form.remove();
                }
            }
        }
        if (excluded != null) {
            doc.select(excluded).remove();
        }
    }

    /**
     * Tables of contents, "see also" indexes and back-of-book indexes are lists that are nearly all links: they
     * point at content rather than being content, and left in they make every such page match every query.
     */
    private static void removeLinkLists(Element main) {
        for (Element list : main.select(LISTS)) {
            if (!attached(list)) {
                continue;
            }
            int links = 0;
            int linkText = 0;
            for (Element a : list.select(LINK)) {
                links++;
                linkText += textLength(a);
            }
            int text = textLength(list);
            if (links >= LINK_LIST_MIN_LINKS && text > 0 && linkText >= LINK_LIST_SHARE * text) {
                list.remove();
            }
        }
    }

    private static Element mainContent(Document doc, PageScan scan) {
        Element body = doc.body();
        int bodyText = textLength(body);
        for (List<Element> tier : scan.candidates) {
            Element best = null;
            int bestText = -1;
            for (Element candidate : tier) {
                if (!attached(candidate)) {
                    continue;
                }
                int length = textLength(candidate);
                if (length > bestText) {
                    best = candidate;
                    bestText = length;
                }
            }
            // an empty <main> placeholder filled by JavaScript must not hide the real content
            if (best != null && bestText > 0 && bestText * 10 >= bodyText) {
                return best;
            }
        }
        return body;
    }

    /** Still in the document, i.e. not inside something removed. */
    private static boolean attached(Element el) {
        Element top = el;
        while (top.parent() != null) {
            top = top.parent();
        }
        return top instanceof Document;
    }

    private static boolean insideContent(Element el) {
        for (Element p = el.parent(); p != null; p = p.parent()) {
            String tag = p.normalName();
            if (tag.equals("article") || tag.equals("main") || p.attr("role").equals("main")) {
                return true;
            }
        }
        return false;
    }

    /** Non-whitespace characters of text under {@code root}, counted without building the string. */
    static int textLength(Element root) {
        int[] count = {0};
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof TextNode t) {
                String s = t.getWholeText();
                for (int i = 0; i < s.length(); i++) {
                    if (!Character.isWhitespace(s.charAt(i))) {
                        count[0]++;
                    }
                }
            }
        }, root);
        return count[0];
    }

    /** Bytes in an ASCII-compatible encoding: no UTF-16/32 byte-order mark and no NUL among the first KiB. */
    static boolean asciiCompatible(byte[] body) {
        if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return false;
        }
        for (int i = 0; i < Math.min(body.length, 1024); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** The supported charset a Content-Type names, or null. */
    static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at < 0) {
            return null;
        }
        int end = at + 8;
        while (end < contentType.length() && ";, \t".indexOf(contentType.charAt(end)) < 0) {
            end++;
        }
        String name = contentType.substring(at + 8, end).replace("\"", "").replace("'", "");
        try {
            return Charset.isSupported(name) ? name : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
