package org.nhsloginkeycloak.realm.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.util.JsonSerialization;

/**
 * This version's realm file, as the bundle carries it ({@code realm/nhs-realm.json}, the file administrators import):
 * the one source of what an upgrade brings a realm to, so an upgraded realm and a fresh import cannot drift apart.
 */
public record BundledRealm(RealmRepresentation realm, UPConfig userProfile) {

    static final String RESOURCE = "/realm/nhs-realm.json";
    private static final String USER_PROFILE_PROVIDER = "org.keycloak.userprofile.UserProfileProvider";
    private static final String USER_PROFILE_CONFIG = "kc.user.profile.config";

    /** Read afresh each time: an upgrade is rare, and a copy of its own may be changed by the caller. */
    public static BundledRealm load() {
        try (InputStream in = BundledRealm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The bundle has no " + RESOURCE + "; it was built without realm-config");
            }
            return of(JsonSerialization.readValue(in, RealmRepresentation.class));
        } catch (IOException e) {
            throw new UncheckedIOException("The bundle's " + RESOURCE + " cannot be read", e);
        }
    }

    static BundledRealm of(RealmRepresentation realm) throws IOException {
        List<ComponentExportRepresentation> profiles = realm.getComponents() == null ? null
                : realm.getComponents().get(USER_PROFILE_PROVIDER);
        if (profiles == null || profiles.size() != 1) {
            throw new IllegalStateException("The realm file must hold exactly one " + USER_PROFILE_PROVIDER + " component");
        }
        String config = profiles.get(0).getConfig().getFirst(USER_PROFILE_CONFIG);
        if (config == null) {
            throw new IllegalStateException("The realm file's user profile component has no " + USER_PROFILE_CONFIG);
        }
        return new BundledRealm(realm, JsonSerialization.readValue(config, UPConfig.class));
    }
}
