package org.nhsloginkeycloak.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A password credential for the admin API as Keycloak stores one ({@code credentialData} and {@code secretData}),
 * so that creating thousands of citizens does not have Keycloak hash the same password thousands of times (about as
 * much of its CPU as a sign-in). The hash is Keycloak's argon2 with the parameters of a credential Keycloak made
 * itself: a sign-in checks it exactly as it would its own and, the parameters being the realm's, never hashes it again.
 * Every citizen gets the same hash and salt; checking it costs the same whichever salt it has.
 */
final class StoredPassword {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredPassword() {
    }

    /**
     * {@code password} hashed in the parameters of {@code keycloaksCredentialData} (a password credential's
     * {@code credentialData} as the admin API lists it), or empty when Keycloak hashes with something other than
     * argon2 (a FIPS server's PBKDF2): citizens are then given the password in plain text.
     */
    static Optional<ObjectNode> like(String keycloaksCredentialData, String password) throws IOException {
        JsonNode data = JSON.readTree(keycloaksCredentialData);
        if (!"argon2".equals(data.path("algorithm").asText())) {
            return Optional.empty();
        }
        JsonNode parameters = data.path("additionalParameters");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type(first(parameters, "type")))
                .withVersion("1.0".equals(first(parameters, "version")) ? Argon2Parameters.ARGON2_VERSION_10
                        : Argon2Parameters.ARGON2_VERSION_13)
                .withIterations(data.path("hashIterations").asInt())
                .withParallelism(Integer.parseInt(first(parameters, "parallelism")))
                .withMemoryAsKB(Integer.parseInt(first(parameters, "memory")))
                .withSalt(salt).build());
        byte[] hash = new byte[Integer.parseInt(first(parameters, "hashLength"))];
        generator.generateBytes(password.toCharArray(), hash);
        ObjectNode secret = JSON.createObjectNode().put("value", Base64.getEncoder().encodeToString(hash))
                .put("salt", Base64.getEncoder().encodeToString(salt));
        secret.putObject("additionalParameters");
        return Optional.of(JSON.createObjectNode().put("type", "password").put("temporary", false)
                .put("credentialData", keycloaksCredentialData).put("secretData", secret.toString()));
    }

    private static String first(JsonNode parameters, String name) {
        JsonNode values = parameters.path(name);
        if (!values.isArray() || values.isEmpty()) {
            throw new IllegalStateException("Keycloak's argon2 credential has no " + name + ": " + parameters);
        }
        return values.get(0).asText();
    }

    private static int type(String name) {
        return switch (name) {
            case "d" -> Argon2Parameters.ARGON2_d;
            case "i" -> Argon2Parameters.ARGON2_i;
            default -> Argon2Parameters.ARGON2_id;
        };
    }
}
