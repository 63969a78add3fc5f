package io.knowledgehub.benchmarks;

import io.knowledgehub.core.source.SourceConfig;
import io.knowledgehub.crawler.extract.ExtractedPage;
import io.knowledgehub.crawler.extract.PdfExtractor;
import io.knowledgehub.testkit.PdfFiles;

import java.util.ArrayList;
import java.util.List;

/**
 * PDF extraction throughput: writes a PDF of text pages with PDFBox (200 pages of 45 lines by default), then
 * extracts it with the crawler's {@link PdfExtractor} a few rounds after a warm-up and prints pages per second.
 *
 * <pre>java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.knowledgehub.benchmarks.PdfBenchmark
 *      [--pages 200] [--rounds 5]</pre>
 */
public final class PdfBenchmark {

    private static final String[] WORDS = ("the agent reports measurements to the collector which stores them in "
            + "time series partitioned by node and metric while retention policies drop old partitions and "
            + "compaction merges small files into larger ones for faster range scans").split(" ");

    public static void main(String[] args) {
        int pages = Integer.parseInt(Args.arg(args, "--pages", "200"));
        int rounds = Integer.parseInt(Args.arg(args, "--rounds", "5"));
        List<List<String>> content = new ArrayList<>(pages);
        for (int p = 0; p < pages; p++) {
            List<String> lines = new ArrayList<>(45);
            lines.add("Chapter " + (p + 1) + ": collector operations");
            for (int l = 1; l < 45; l++) {
                StringBuilder line = new StringBuilder();
                for (int w = 0; line.length() < 85; w++) {
                    line.append(WORDS[(p * 7 + l * 3 + w) % WORDS.length]).append(' ');
                }
                lines.add(line.toString().strip());
            }
            content.add(lines);
        }
        byte[] pdf = PdfFiles.pdf("Collector Operations Manual", content);
        PdfExtractor extractor = PdfExtractor.forConfig(SourceConfig.defaults(), 10_000);

        ExtractedPage warm = extractor.extract(pdf, "http://127.0.0.1/manual.pdf"); // warm-up: class loading, JIT
        if (warm.headings().size() != pages) {
            throw new IllegalStateException("expected " + pages + " page sections, got " + warm.headings().size());
        }
        long start = System.nanoTime();
        long chars = 0;
        for (int r = 0; r < rounds; r++) {
            chars += extractor.extract(pdf, "http://127.0.0.1/manual.pdf").text().length();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("PDF extraction: %d pages x %d rounds in %.2f s = %.0f pages/s (one thread; %d KiB file, "
                        + "%d characters of text per round)%n", pages, rounds, seconds, pages * rounds / seconds,
                pdf.length / 1024, chars / rounds);
    }
}
