package org.nhsloginkeycloak.authenticators.vot;

import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/** The vectors a sign-in was asked for: as the client-policy executor kept them, else the client's registered default. */
public final class Requested {

    private Requested() {
    }

    /** Empty only for one of Keycloak's own clients (consoles, {@code admin-cli}...) that asked for no vectors. */
    public static Optional<VectorsOfTrust> by(AuthenticationSessionModel authSession) {
        // No note (the client policy is off, or the sign-in began at an email link): the client's default.
        return VectorsOfTrustExecutor.kept(authSession)
                .or(() -> RequestedVectors.resolve(null, null, authSession.getClient()));
    }
}
