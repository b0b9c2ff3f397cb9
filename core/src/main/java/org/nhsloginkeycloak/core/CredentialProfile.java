package org.nhsloginkeycloak.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The credential ("C") part of a vector of trust: the combinations NHS login defines, not every set of components.
 *
 * <p>{@code Cp} password, {@code Cd} a registered device bound by an SMS code, {@code Ck} a shared key in a registered
 * device, {@code Cm} an asymmetric key in a registered device (FIDO UAF).
 */
public enum CredentialProfile {

    PASSWORD("Cp"),
    PASSWORD_AND_DEVICE("Cp", "Cd"),
    PASSWORD_AND_SHARED_KEY("Cp", "Ck"),
    ASYMMETRIC_KEY("Cm");

    /** Every credential component NHS login defines, in the order a vector writes them. */
    public static final List<String> COMPONENTS = List.of("Cp", "Cd", "Ck", "Cm");

    private final List<String> components;

    CredentialProfile(String... components) {
        this.components = List.of(components);
    }

    /** The components in their written order, e.g. {@code [Cp, Cd]}. */
    public List<String> components() {
        return components;
    }

    /** Whether a citizen who authenticated this way also proved every credential {@code requested} asks for. */
    public boolean covers(CredentialProfile requested) {
        return components.containsAll(requested.components);
    }

    /** The profile written exactly as {@code components}, or empty for any other combination or order. */
    static Optional<CredentialProfile> of(List<String> components) {
        return Arrays.stream(values()).filter(profile -> profile.components.equals(components)).findFirst();
    }

    @Override
    public String toString() {
        return String.join(".", components);
    }
}
