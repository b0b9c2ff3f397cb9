package org.nhsloginkeycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** JSON and JWT reading for tests. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + text, e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The payload of a compact JWS, unverified: tests check the signature separately where it matters. */
    public static com.fasterxml.jackson.databind.node.ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static JsonNode jwtPayload(String jwt) {
        return parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    public static JsonNode jwtHeader(String jwt) {
        return parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }
}
