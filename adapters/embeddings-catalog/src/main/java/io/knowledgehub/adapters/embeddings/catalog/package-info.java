/**
 * What KnowledgeHub knows about its embedding models without running them: descriptors (dimension, window, query
 * prefix), the tokenizer files, and a plain-Java word-piece counter for sizing chunks. The lean packagings, which
 * embed through the inference server only, carry this and not ONNX Runtime or the networks.
 *
 * <p>Entry point: {@link io.knowledgehub.adapters.embeddings.catalog.ModelCatalog}.
 */
package io.knowledgehub.adapters.embeddings.catalog;
