package io.knowledgehub.adapters.lucene;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Text analysis that knows identifiers: {@code pg_relation_size}, {@code useState}, {@code csv.Sniffer.sniff}
 * are indexed whole and in parts ({@code pg relation size}, {@code use state}; dotted names as consecutive words), so a
 * query for the identifier, for one of its parts, or for the parts as words all match. Then lower-casing,
 * English stop words and Porter stemming for ordinary prose.
 */
final class IdentifierAnalyzer extends Analyzer {

    private static final int FLAGS = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
            | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
            | WordDelimiterGraphFilter.PRESERVE_ORIGINAL
            | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

    private final boolean forIndexing;
    private final boolean stem;

    /**
     * @param forIndexing index-time analysis flattens the token graph (the index cannot store graphs)
     * @param stem        stop words and stemming for prose fields; off for the field prefix queries run on
     *                    (a prefix of a word is not a prefix of its stem: "partiti*" must find "partitions")
     */
    IdentifierAnalyzer(boolean forIndexing, boolean stem) {
        this.forIndexing = forIndexing;
        this.stem = stem;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        CharTokenizer source = CharTokenizer.fromTokenCharPredicate(IdentifierAnalyzer::tokenChar);
        TokenStream ts = new WordDelimiterGraphFilter(source, FLAGS, null);
        if (forIndexing) {
            ts = new FlattenGraphFilter(ts);
        }
        ts = new LowerCaseFilter(ts);
        if (stem) {
            ts = new StopFilter(ts, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            ts = new PorterStemFilter(ts);
        }
        return new TokenStreamComponents(source, ts);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }

    /**
     * Letters, digits and underscores. Dots split ({@code React.memo} is two tokens at consecutive positions,
     * which a phrase query matches) so that sentence-ending dots never glue onto words.
     */
    private static boolean tokenChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
