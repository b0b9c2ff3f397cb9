package org.nhsloginkeycloak.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One vector of trust such as {@code P5.Cp.Cd}: a proofing level and the credentials used to sign in (NHS login
 * Interface Specification 5.1.3). A requested vector may leave a part out, meaning any value is acceptable for it; an
 * achieved vector (what a sign-in proved) always has both.
 *
 * <p>Written form: the level first, then the credential components in the order {@code Cp}, {@code Cd}/{@code Ck};
 * {@code Cm} stands alone. Parsing is strict: anything else is an {@link InvalidVectorOfTrustException}.
 */
public final class VectorOfTrust {

    private static final int MAX_LENGTH = 32;

    private final ProofingLevel level;
    private final CredentialProfile credentials;

    private VectorOfTrust(ProofingLevel level, CredentialProfile credentials) {
        this.level = level;
        this.credentials = credentials;
    }

    /** A complete vector, as an achieved sign-in has. */
    public static VectorOfTrust of(ProofingLevel level, CredentialProfile credentials) {
        return new VectorOfTrust(Objects.requireNonNull(level, "level"), Objects.requireNonNull(credentials, "credentials"));
    }

    /**
     * Parses one vector such as {@code P9.Cp.Cd}, {@code P5.Cm}, {@code P9} (any credentials) or {@code Cp.Cd} (any level).
     *
     * @throws InvalidVectorOfTrustException saying what is wrong with it
     */
    public static VectorOfTrust parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidVectorOfTrustException("A vector of trust must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidVectorOfTrustException("Vector of trust " + Quoted.of(text) + " is too long");
        }
        String[] parts = text.split("\\.", -1);
        ProofingLevel level = null;
        List<String> credentialParts = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new InvalidVectorOfTrustException("Vector of trust " + Quoted.of(text) + " has an empty component");
            }
            if (part.startsWith("P")) {
                if (i != 0) {
                    throw new InvalidVectorOfTrustException(
                            "Vector of trust " + Quoted.of(text) + " must start with its proofing level and hold one only");
                }
                level = ProofingLevel.find(part).orElseThrow(() -> new InvalidVectorOfTrustException(
                        "Vector of trust " + Quoted.of(text) + " has unknown proofing level " + Quoted.of(part)
                                + "; expected P0, P5 or P9"));
            } else if (CredentialProfile.COMPONENTS.contains(part)) {
                credentialParts.add(part);
            } else {
                throw new InvalidVectorOfTrustException("Vector of trust " + Quoted.of(text) + " has unknown component "
                        + Quoted.of(part) + "; expected a level (P0, P5, P9) and credentials (Cp, Cd, Ck, Cm)");
            }
        }
        CredentialProfile credentials = null;
        if (!credentialParts.isEmpty()) {
            if (new HashSet<>(credentialParts).size() != credentialParts.size()) {
                throw new InvalidVectorOfTrustException("Vector of trust " + Quoted.of(text) + " repeats a component");
            }
            credentials = CredentialProfile.of(credentialParts).orElseThrow(() -> new InvalidVectorOfTrustException(
                    "Vector of trust " + Quoted.of(text) + " does not combine credentials as NHS login does;"
                            + " expected Cp, Cp.Cd, Cp.Ck or Cm after the level"));
        }
        return new VectorOfTrust(level, credentials);
    }

    /** The level asked for; empty when any level will do. */
    public Optional<ProofingLevel> level() {
        return Optional.ofNullable(level);
    }

    /** The credentials asked for; empty when any will do. */
    public Optional<CredentialProfile> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** Whether both parts are present, as they must be on a vector a sign-in achieved. */
    public boolean isComplete() {
        return level != null && credentials != null;
    }

    /**
     * Whether a sign-in that achieved {@code achieved} meets this requested vector: at least this level, and at least
     * these credentials. A P9 citizen meets a P5 request; a password-only sign-in does not meet {@code Cp.Cd}.
     */
    public boolean isSatisfiedBy(VectorOfTrust achieved) {
        requireComplete(achieved);
        boolean levelMet = level == null || achieved.level.isAtLeast(level);
        boolean credentialsMet = credentials == null || achieved.credentials.covers(credentials);
        return levelMet && credentialsMet;
    }

    /**
     * The vector to report as {@code vot} when {@code achieved} satisfied this request: this vector as the partner wrote
     * it, with any part it left out taken from what was achieved, so {@code vot} always matches a requested vector.
     */
    VectorOfTrust reportedFor(VectorOfTrust achieved) {
        requireComplete(achieved);
        return new VectorOfTrust(level != null ? level : achieved.level,
                credentials != null ? credentials : achieved.credentials);
    }

    private static void requireComplete(VectorOfTrust achieved) {
        if (!achieved.isComplete()) {
            throw new IllegalArgumentException("An achieved vector names both level and credentials, not " + achieved);
        }
    }

    /** The written form, e.g. {@code P5.Cp.Cd}. */
    @Override
    public String toString() {
        if (level == null) {
            return credentials.toString();
        }
        return credentials == null ? level.name() : level.name() + "." + credentials;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VectorOfTrust that && level == that.level && credentials == that.credentials;
    }

    @Override
    public int hashCode() {
        return Objects.hash(level, credentials);
    }
}
