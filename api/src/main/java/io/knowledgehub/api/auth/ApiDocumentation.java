package io.knowledgehub.api.auth;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** The OpenAPI document's ways to send a key, so Swagger UI at /docs offers "Authorize". */
@OpenAPIDefinition(info = @Info(title = "KnowledgeHub API", version = "1"),
        security = {@SecurityRequirement(name = "ApiKey"), @SecurityRequirement(name = "Bearer")})
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "ApiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                apiKeyName = "X-API-Key", description = "An API key (read or admin scope); needed when KH_AUTH_ENABLED=true"),
        @SecurityScheme(securitySchemeName = "Bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "The same API key as Authorization: Bearer <key>")})
public class ApiDocumentation extends Application {
}
