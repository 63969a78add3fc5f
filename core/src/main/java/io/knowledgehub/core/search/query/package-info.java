/** The search language of Tutorial 2 ({@code "phrase"}, {@code +required}, {@code -excluded}, {@code prefix*}), parsed once for all search types. */
package io.knowledgehub.core.search.query;
