/** {@link io.knowledgehub.api.error.ProblemMappers}: the one place where exceptions become problem+json answers. */
package io.knowledgehub.api.error;
