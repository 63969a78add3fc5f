/** The domain and its ports; {@link io.knowledgehub.core.DataConfig} and {@link io.knowledgehub.core.AbsoluteDataDir} place the data directory. */
package io.knowledgehub.core;
