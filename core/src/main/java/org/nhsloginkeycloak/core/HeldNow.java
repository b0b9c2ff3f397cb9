package org.nhsloginkeycloak.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a token issued after sign-in (a refresh, userinfo, introspection) may still say about the citizen: never more
 * than the account holds now, and never more than the sign-in reached. An administrator who lowers a citizen's level
 * (fraud, a wrong trace) changes every later token of every session at once.
 */
public final class HeldNow {

    private HeldNow() {
    }

    /**
     * The level to release: the lower of the level the account had when this partner's sign-in finished and the level
     * it has now. A session with no level on record (its sign-in never passed the vectors-of-trust gate) gets P0: the
     * level claims are released only for what a judged sign-in reached, never for the account's level alone.
     */
    public static ProofingLevel level(String levelAtSignIn, ProofingLevel now) {
        return ProofingLevel.find(levelAtSignIn).map(atSignIn -> atSignIn.isAtLeast(now) ? now : atSignIn)
                .orElse(ProofingLevel.P0);
    }

    /**
     * The {@code vot} to release, or empty when none of the vectors the partner asked for is met any more.
     *
     * @param votAtSignIn the vector the sign-in reached, as recorded on the partner's client session
     * @param requestedJson the vectors the partner asked for (JSON array), as recorded on the client session
     * @param provedCredentials the credentials the session proved, e.g. {@code Cp.Cd}
     * @param now the account's level now
     */
    public static Optional<VectorOfTrust> vot(String votAtSignIn, String requestedJson, String provedCredentials,
            ProofingLevel now) {
        VectorOfTrust reached;
        try {
            reached = VectorOfTrust.parse(votAtSignIn);
        } catch (InvalidVectorOfTrustException e) {
            return Optional.empty();
        }
        if (reached.level().isEmpty() || now.isAtLeast(reached.level().get())) {
            // Still held: the sign-in's answer stands, whatever the account has gained since (never more than reached).
            return Optional.of(reached);
        }
        if (requestedJson == null) {
            return Optional.empty();
        }
        Optional<CredentialProfile> credentials = Arrays.stream(CredentialProfile.values())
                .filter(profile -> profile.toString().equals(provedCredentials)).findFirst()
                .or(reached::credentials);
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        VectorsOfTrust requested;
        try {
            requested = VectorsOfTrust.parseJson(requestedJson);
        } catch (InvalidVectorOfTrustException e) {
            return Optional.empty();
        }
        // The best requested vector the account still meets: a multi-level partner is told the lower level it now has.
        return requested.bestMatch(VectorOfTrust.of(now, credentials.get()));
    }
}
