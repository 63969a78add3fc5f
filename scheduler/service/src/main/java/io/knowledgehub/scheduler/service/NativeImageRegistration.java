package io.knowledgehub.scheduler.service;

import io.knowledgehub.service.error.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the scheduler service writes with Jackson outside REST resources (problem+json bodies): registered for
 * reflection for the native executable (the {@code native} Maven profile). No effect on the JVM build.
 */
@RegisterForReflection(targets = {
        Problem.class,
})
final class NativeImageRegistration {

    private NativeImageRegistration() {
    }
}
