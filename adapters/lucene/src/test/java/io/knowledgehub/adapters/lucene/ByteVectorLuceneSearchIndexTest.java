package io.knowledgehub.adapters.lucene;

/** The whole index contract holds with 8-bit vectors only (no float vectors kept) too. */
class ByteVectorLuceneSearchIndexTest extends LuceneSearchIndexTest {

    @Override
    protected VectorQuantization quantization() {
        return VectorQuantization.INT8_ONLY;
    }
}
