package org.nhsloginkeycloak.realm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: writes the deployable realm file by embedding {@code user-profile.json} into {@code nhs-realm.json}.
 *
 * <p>Keycloak's realm import takes the declarative user profile as one JSON string inside the user-profile component's
 * config; kept in its own file the profile stays readable and reviewable. Run by Maven in {@code process-classes}:
 * {@code RealmFileAssembler <source folder> <output file>}.
 */
public final class RealmFileAssembler {

    static final String USER_PROFILE_PROVIDER = "org.keycloak.userprofile.UserProfileProvider";
    static final String USER_PROFILE_CONFIG = "kc.user.profile.config";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealmFileAssembler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: RealmFileAssembler <source folder> <output file>");
        }
        Path source = Path.of(args[0]);
        Path output = Path.of(args[1]);
        JsonNode realm = assemble(read(source.resolve("nhs-realm.json")), read(source.resolve("user-profile.json")));
        Files.createDirectories(output.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(output.toFile(), realm);
    }

    static JsonNode assemble(JsonNode realm, JsonNode userProfile) {
        JsonNode components = realm.path("components").path(USER_PROFILE_PROVIDER);
        if (!components.isArray() || components.size() != 1) {
            throw new IllegalStateException("nhs-realm.json must hold exactly one " + USER_PROFILE_PROVIDER + " component");
        }
        if (!(components.get(0).path("config") instanceof ObjectNode config)) {
            throw new IllegalStateException("The " + USER_PROFILE_PROVIDER + " component in nhs-realm.json has no config");
        }
        ArrayNode value = config.putArray(USER_PROFILE_CONFIG);
        value.add(userProfile.toString());
        return realm;
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
