package io.knowledgehub.indexer.chunk;

/**
 * One block of structured text: a paragraph, list item or table row, or a fenced code block (fences included,
 * kept verbatim).
 */
record Block(String text, boolean code) {
}
