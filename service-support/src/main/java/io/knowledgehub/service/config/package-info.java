/**
 * Settings the product contract names by their own environment variables that are not a {@code kh.*} key of one
 * component: {@code METRICS_ENABLED}, {@code DEBUG}, and the ones that have nothing to set here, which each service
 * names in its log at start ({@link io.knowledgehub.service.config.SpecSettings}).
 */
package io.knowledgehub.service.config;
