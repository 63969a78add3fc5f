package io.knowledgehub.api.auth;

import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Creating keys through the API with the bootstrap key, for the tests. */
final class Keys {

    private Keys() {
    }

    static RequestSpecification admin() {
        return given().header("X-API-Key", AuthOn.ADMIN_KEY);
    }

    static RequestSpecification with(String key) {
        return given().header("X-API-Key", key);
    }

    /** A new key of {@code scope}: {@code [id, key]}. */
    static String[] create(String name, String scope) {
        var r = admin().contentType("application/json").body(Map.of("name", name, "scope", scope)).post("/api/v1/keys");
        r.then().statusCode(201);
        return new String[]{r.path("id"), r.path("key")};
    }

    static void revoke(String id) {
        admin().delete("/api/v1/keys/" + id).then().statusCode(204);
    }
}
