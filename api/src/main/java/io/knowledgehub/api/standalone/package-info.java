/** Beans that make the app standalone: the Lucene index under the data directory and the in-process embedding model. */
package io.knowledgehub.api.standalone;
