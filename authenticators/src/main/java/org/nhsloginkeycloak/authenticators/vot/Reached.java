package org.nhsloginkeycloak.authenticators.vot;

import java.util.Arrays;
import java.util.Optional;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.CredentialProfile;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.UserAttributes;
import org.nhsloginkeycloak.core.VectorOfTrust;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/** What a citizen has proved (their level, this session's credentials) weighed against what a partner asked for. */
public record Reached(ProofingLevel level, Optional<CredentialProfile> credentials) {

    static Reached by(UserModel user, String credentialsNote) {
        ProofingLevel level = ProofingLevel.find(user.getFirstAttribute(UserAttributes.IDENTITY_PROOFING_LEVEL))
                .orElse(ProofingLevel.P0);
        Optional<CredentialProfile> credentials = Arrays.stream(CredentialProfile.values())
                .filter(profile -> profile.toString().equals(credentialsNote)).findFirst();
        return new Reached(level, credentials);
    }

    /** The vector to report as {@code vot}, or empty when no requested vector is met. */
    Optional<VectorOfTrust> vot(VectorsOfTrust requested) {
        return credentials.flatMap(proved -> requested.bestMatch(VectorOfTrust.of(level, proved)));
    }

    /** Why no requested vector is met, for the partner's {@code error_description}. */
    String whyNot(VectorsOfTrust requested) {
        return levelTooLow(requested)
                ? "The user's identity proofing level is below every requested vector of trust"
                : "The user did not sign in with the credentials the requested vectors of trust need";
    }

    boolean levelTooLow(VectorsOfTrust requested) {
        return !level.isAtLeast(requested.lowestLevel());
    }

    /**
     * After something raised the citizen's level once sign-in had finished (a required action), works out again the
     * vector the partner is told and records it on the partner's client session, as the gate did at sign-in. Nothing
     * changes when no requested vector is met or the sign-in was not a partner's.
     */
    public static void record(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
            UserModel user) {
        Optional<VectorsOfTrust> requested = Requested.by(authSession);
        UserSessionModel userSession = session.sessions().getUserSession(realm, authSession.getParentSession().getId());
        if (requested.isEmpty() || userSession == null) {
            return;
        }
        Reached reached = by(user, userSession.getNote(SessionNotes.CREDENTIALS));
        Optional<VectorOfTrust> vot = reached.vot(requested.get());
        if (vot.isEmpty()) {
            return;
        }
        authSession.setClientNote(SessionNotes.VOT, vot.get().toString());
        authSession.setClientNote(SessionNotes.LEVEL, reached.level().name());
        AuthenticatedClientSessionModel clientSession =
                userSession.getAuthenticatedClientSessionByClient(authSession.getClient().getId());
        if (clientSession != null) {
            clientSession.setNote(SessionNotes.VOT, vot.get().toString());
            clientSession.setNote(SessionNotes.LEVEL, reached.level().name());
        }
    }
}
