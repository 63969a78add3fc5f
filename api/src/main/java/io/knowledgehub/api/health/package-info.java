/** {@code /health} and {@code /health/{component}}: one {@link io.knowledgehub.api.health.ComponentCheck} bean per component in use. */
package io.knowledgehub.api.health;
