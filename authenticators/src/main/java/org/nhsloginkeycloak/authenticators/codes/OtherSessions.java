package org.nhsloginkeycloak.authenticators.codes;

import java.util.List;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Ends a citizen's other sessions once the mobile behind their second factor is replaced. Every such session proved
 * {@code Cd} with the old number; after a change (the old phone may be in someone else's hands) or a recovery (it may
 * be the citizen's, or whoever holds their password and inbox), none of them should go on asserting it, so their
 * refresh tokens stop working, as Keycloak does for its own "sign out other devices" on a password change.
 * Keycloak's {@code AuthenticatorUtil.logoutOtherSessions} does this for required actions only; the flow step needs
 * it too, hence one place for both (internal {@code AuthenticationManager}: there is no SPI for ending sessions).
 */
public final class OtherSessions {

    private OtherSessions() {
    }

    /** Ends every online and offline session of {@code user} except the one this browser is signing in to. */
    public static int end(KeycloakSession session, RealmModel realm, UserModel user, AuthenticationSessionModel authSession) {
        // A user session takes the id of the browser's root authentication session (Keycloak's own rule above).
        String current = authSession.getParentSession().getId();
        List<UserSessionModel> others = Stream.concat(session.sessions().getUserSessionsStream(realm, user),
                        session.sessions().getOfflineUserSessionsStream(realm, user))
                .filter(userSession -> !userSession.getId().equals(current)).toList();
        KeycloakContext context = session.getContext();
        for (UserSessionModel other : others) {
            AuthenticationManager.backchannelLogout(session, realm, other, context.getUri(), context.getConnection(),
                    context.getRequestHeaders(), true, other.isOffline());
        }
        return others.size();
    }
}
