package io.knowledgehub.adapters.embeddings.catalog;

/**
 * What the catalog knows about one bundled model.
 *
 * @param name        the stable id recorded in the index, e.g. {@code all-MiniLM-L6-v2}
 * @param dimension   length of every vector
 * @param maxTokens   input window in word pieces, special tokens ({@code [CLS]}, {@code [SEP]}) excluded; longer
 *                    texts are cut there, so chunkers must stay at or below it
 * @param description one line for humans (config docs, logs)
 * @param queryPrefix instruction the model expects in front of a search query (and not in front of passages);
 *                    empty when the model is symmetric. The in-process embedder and the inference-server client apply it to queries.
 * @param quantized   int8 weights: faster on CPU, vectors slightly different from the fp32 model's, so the two
 *                    can't share an index
 */
public record ModelDescriptor(String name, int dimension, int maxTokens, String description, String queryPrefix,
                              boolean quantized) {
}
