package io.knowledgehub.core.search;

/** The embedding model whose vectors an index holds: vectors of another model cannot be mixed in. */
public record IndexModel(String name, int dimension) {
}
