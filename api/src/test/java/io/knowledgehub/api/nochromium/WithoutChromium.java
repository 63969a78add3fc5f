package io.knowledgehub.api.nochromium;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The app on a machine without Chromium where the crawler looks for it. */
public class WithoutChromium implements QuarkusTestProfile {

    static final String MISSING = "/nonexistent/bin/chromium";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kh.crawler.chromium-path", MISSING);
    }
}
