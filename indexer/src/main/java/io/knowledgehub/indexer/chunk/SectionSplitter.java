package io.knowledgehub.indexer.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts one section that is too long for a chunk: whole blocks where they fit, else sentences (else words), packed
 * greedily up to the target; code blocks stay whole up to the limit, longer ones are cut between lines into
 * separately fenced pieces; tables (a block whose every line is a row of {@code " | "}-separated cells, as the
 * crawler writes a Markdown page's table) likewise stay whole up to the limit, longer ones are cut between rows,
 * each piece starting with the header row again. Each chunk after the first starts with the previous one's last sentences (the
 * overlap); a short tail joins the chunk before it.
 */
final class SectionSplitter {

    private enum Kind { PARAGRAPH, SENTENCE, CODE, TABLE }

    /** A packable piece of a block; sentences of one block are joined with a space, blocks with a blank line. */
    private record Unit(String text, int tokens, int block, Kind kind, boolean overlap) {

        Unit asOverlap() {
            return new Unit(text, tokens, block, kind, true);
        }
    }

    private final ToIntFunction<String> tokens;
    private final TextSplitter splitter;
    private final int overlapTokens;
    private final int minTokens;

    SectionSplitter(ToIntFunction<String> tokens, int overlapTokens, int minTokens) {
        this.tokens = tokens;
        this.splitter = new TextSplitter(tokens);
        this.overlapTokens = overlapTokens;
        this.minTokens = minTokens;
    }

    /** Chunk contents, each at most {@code limit} tokens and, code apart, about {@code target}. */
    List<String> split(List<Block> blocks, int target, int limit) {
        List<List<Unit>> chunks = pack(units(blocks, target, limit), target);
        joinShortTail(chunks, limit);
        List<String> contents = new ArrayList<>();
        for (List<Unit> chunk : chunks) {
            enforce(chunk, limit, contents);
        }
        return contents;
    }

    private List<Unit> units(List<Block> blocks, int target, int limit) {
        List<Unit> units = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            int count = tokens.applyAsInt(block.text());
            if (block.code()) {
                if (count <= limit) {
                    units.add(new Unit(block.text(), count, b, Kind.CODE, false));
                } else {
                    for (String piece : codePieces(block.text(), target)) {
                        units.add(new Unit(piece, tokens.applyAsInt(piece), b, Kind.CODE, false));
                    }
                }
            } else if (isTable(block.text())) {
                if (count <= limit) {
                    units.add(new Unit(block.text(), count, b, Kind.TABLE, false));
                } else {
                    for (String piece : tablePieces(block.text(), target)) {
                        units.add(new Unit(piece, tokens.applyAsInt(piece), b, Kind.TABLE, false));
                    }
                }
            } else if (count <= target) {
                units.add(new Unit(block.text(), count, b, Kind.PARAGRAPH, false));
            } else {
                for (String sentence : TextSplitter.sentences(block.text())) {
                    int sentenceTokens = tokens.applyAsInt(sentence);
                    if (sentenceTokens <= target) {
                        units.add(new Unit(sentence, sentenceTokens, b, Kind.SENTENCE, false));
                    } else {
                        for (String piece : splitter.byWords(sentence, target)) {
                            units.add(new Unit(piece, tokens.applyAsInt(piece), b, Kind.SENTENCE, false));
                        }
                    }
                }
            }
        }
        return units;
    }

    private List<List<Unit>> pack(List<Unit> units, int target) {
        List<List<Unit>> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int currentTokens = 0;
        for (Unit unit : units) {
            if (!current.isEmpty() && currentTokens + unit.tokens() > target) {
                chunks.add(current);
                current = overlap(current);
                currentTokens = sum(current);
                if (currentTokens + unit.tokens() > target) {
                    current = new ArrayList<>();
                    currentTokens = 0;
                }
            }
            current.add(unit);
            currentTokens += unit.tokens();
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    /** The trailing sentences of a chunk that fit the overlap budget; none after a code block or a table. */
    private List<Unit> overlap(List<Unit> chunk) {
        List<Unit> tail = new ArrayList<>();
        int tailTokens = 0;
        for (int i = chunk.size() - 1; i >= 0; i--) {
            Unit unit = chunk.get(i);
            if (unit.kind() == Kind.CODE || unit.kind() == Kind.TABLE) {
                break;
            }
            List<Unit> sentences = unit.kind() == Kind.PARAGRAPH ? sentencesOf(unit) : List.of(unit);
            for (int j = sentences.size() - 1; j >= 0; j--) {
                Unit sentence = sentences.get(j);
                if (tailTokens + sentence.tokens() > overlapTokens) {
                    return tail;
                }
                tail.addFirst(sentence.asOverlap());
                tailTokens += sentence.tokens();
            }
        }
        return tail;
    }

    private List<Unit> sentencesOf(Unit paragraph) {
        List<String> sentences = TextSplitter.sentences(paragraph.text());
        if (sentences.size() == 1) {
            return List.of(paragraph);
        }
        return sentences.stream()
                .map(s -> new Unit(s, tokens.applyAsInt(s), paragraph.block(), Kind.SENTENCE, false))
                .toList();
    }

    /** A last chunk whose own text is shorter than the minimum moves into the one before, if that stays in limit. */
    private void joinShortTail(List<List<Unit>> chunks, int limit) {
        if (chunks.size() < 2) {
            return;
        }
        List<Unit> last = chunks.getLast();
        List<Unit> own = last.stream().filter(u -> !u.overlap()).toList();
        List<Unit> previous = chunks.get(chunks.size() - 2);
        if (sum(own) < minTokens && sum(previous) + sum(own) <= limit) {
            previous.addAll(own);
            chunks.removeLast();
        }
    }

    /**
     * Measures the joined text and halves the chunk while it is over the limit: the packing adds up per-piece
     * counts, which a tokenizer need not honour exactly at the joins.
     */
    private void enforce(List<Unit> chunk, int limit, List<String> out) {
        String content = join(chunk);
        if (tokens.applyAsInt(content) <= limit) {
            out.add(content);
        } else if (chunk.size() > 1) {
            enforce(new ArrayList<>(chunk.subList(0, chunk.size() / 2)), limit, out);
            enforce(new ArrayList<>(chunk.subList(chunk.size() / 2, chunk.size())), limit, out);
        } else {
            out.addAll(splitter.byWords(content, limit));
        }
    }

    private static String join(List<Unit> units) {
        StringBuilder text = new StringBuilder();
        Unit previous = null;
        for (Unit unit : units) {
            if (previous != null) {
                boolean sameBlock = previous.block() == unit.block() && previous.kind() == Kind.SENTENCE
                        && unit.kind() == Kind.SENTENCE;
                text.append(sameBlock ? " " : "\n\n");
            }
            text.append(unit.text());
            previous = unit;
        }
        return text.toString();
    }

    /** A code block cut between lines; every piece fenced again so it still reads as code. */
    private List<String> codePieces(String code, int target) {
        List<String> lines = new ArrayList<>(List.of(code.split("\n", -1)));
        String open = lines.removeFirst();
        if (!lines.isEmpty() && lines.getLast().strip().equals("```")) {
            lines.removeLast();
        }
        String close = "```";
        int budget = Math.max(1, target - tokens.applyAsInt(open) - tokens.applyAsInt(close));
        List<String> pieces = new ArrayList<>();
        List<String> body = new ArrayList<>();
        int bodyTokens = 0;
        for (String line : lines) {
            int lineTokens = tokens.applyAsInt(line);
            List<String> parts = lineTokens <= budget ? List.of(line) : splitter.byWords(line, budget);
            for (String part : parts) {
                int partTokens = parts.size() == 1 ? lineTokens : tokens.applyAsInt(part);
                if (bodyTokens + partTokens > budget && !body.isEmpty()) {
                    pieces.add(open + "\n" + String.join("\n", body) + "\n" + close);
                    body.clear();
                    bodyTokens = 0;
                }
                body.add(part);
                bodyTokens += partTokens;
            }
        }
        if (!body.isEmpty()) {
            pieces.add(open + "\n" + String.join("\n", body) + "\n" + close);
        }
        return pieces;
    }

    /** Two or more lines, each a row of cells separated by {@code " | "}. */
    static boolean isTable(String block) {
        String[] lines = block.split("\n");
        if (lines.length < 2) {
            return false;
        }
        for (String line : lines) {
            if (!line.contains(" | ")) {
                return false;
            }
        }
        return true;
    }

    /** A table cut between rows; every piece after the first starts with the header row. */
    private List<String> tablePieces(String table, int target) {
        List<String> rows = new ArrayList<>(List.of(table.split("\n")));
        String header = rows.removeFirst();
        int headerTokens = tokens.applyAsInt(header);
        List<String> pieces = new ArrayList<>();
        List<String> body = new ArrayList<>();
        int bodyTokens = headerTokens;
        for (String row : rows) {
            int rowTokens = tokens.applyAsInt(row);
            if (bodyTokens + rowTokens > target && !body.isEmpty()) {
                pieces.add(header + "\n" + String.join("\n", body));
                body.clear();
                bodyTokens = headerTokens;
            }
            body.add(row);
            bodyTokens += rowTokens;
        }
        if (!body.isEmpty()) {
            pieces.add(header + "\n" + String.join("\n", body));
        }
        return pieces;
    }

    private static int sum(List<Unit> units) {
        int total = 0;
        for (Unit unit : units) {
            total += unit.tokens();
        }
        return total;
    }
}
