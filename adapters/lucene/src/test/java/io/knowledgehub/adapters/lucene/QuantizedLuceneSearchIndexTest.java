package io.knowledgehub.adapters.lucene;

/** The whole index contract holds with int8 vectors (beside the floats) too. */
class QuantizedLuceneSearchIndexTest extends LuceneSearchIndexTest {

    @Override
    protected VectorQuantization quantization() {
        return VectorQuantization.INT8;
    }
}
