/** {@code /api/v1/jobs}: job listing, progress, cancel and retry. */
package io.knowledgehub.api.job;
