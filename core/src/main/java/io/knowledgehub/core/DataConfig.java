package io.knowledgehub.core;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;

/** Where a standalone process keeps its files ({@code KH_DATA_DIR}): the database and the search index. */
@ConfigMapping(prefix = "kh")
public interface DataConfig {

    @WithName("data-dir")
    @WithDefault("data")
    Path dataDir();
}
