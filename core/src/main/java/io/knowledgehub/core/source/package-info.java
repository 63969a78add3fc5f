/**
 * Sources: registered documentation sites. {@link io.knowledgehub.core.source.SourceService} creates, changes
 * and removes them; {@link io.knowledgehub.core.source.SourceConfigParser} is the single place where a
 * source's {@code config} JSON is validated into a {@link io.knowledgehub.core.source.SourceConfig}.
 */
package io.knowledgehub.core.source;
