/** {@link io.knowledgehub.service.error.ProblemMappers}: the one place where exceptions become problem+json answers. */
package io.knowledgehub.service.error;
