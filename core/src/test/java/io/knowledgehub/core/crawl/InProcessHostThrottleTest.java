package io.knowledgehub.core.crawl;

class InProcessHostThrottleTest extends HostThrottleContract {

    @Override
    protected HostThrottle newThrottle() {
        return new InProcessHostThrottle();
    }
}
