package org.nhsloginkeycloak.authenticators.vot;

import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.authenticators.flow.UserStep;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.VectorOfTrust;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/**
 * The last step of sign-in: compares what the citizen proved (their proofing level and the credentials of this sign-in
 * or of the single sign-on session) with the vectors the partner asked for. On a match it records the vector to report
 * as {@code vot} on the user session; otherwise the partner gets {@code access_denied} (EIS's authorize error for a
 * request the user cannot meet) saying why in {@code error_description}. A citizen below a requested P5 has been
 * through the P5 uplift before this step; a P9 request from a P5 citizen is refused here, until a P9 route exists.
 */
final class VectorsOfTrustGate implements UserStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<VectorsOfTrust> requested = Requested.by(authSession);
        if (requested.isEmpty()) {
            // One of Keycloak's own clients, asking for no vectors: nothing to enforce.
            context.success();
            return;
        }
        Reached reached = Reached.by(context.getUser(), provedCredentials(context));
        Optional<VectorOfTrust> vot = reached.vot(requested.get());
        if (vot.isPresent()) {
            // Client notes: Keycloak copies them to this partner's client session only.
            authSession.setClientNote(SessionNotes.VOT, vot.get().toString());
            authSession.setClientNote(SessionNotes.LEVEL, reached.level().name());
            context.success();
            return;
        }
        context.getEvent().user(context.getUser()).detail("requested_vtr", requested.get().toJson())
                .detail("reason", reached.levelTooLow(requested.get()) ? "proofing_level" : "credentials")
                .error(Errors.ACCESS_DENIED);
        // A challenge, not a failure: a failure feeds Keycloak's brute-force lockout, and a citizen whose level is too
        // low for a partner has not guessed anything.
        context.forceChallenge(accessDenied(context, reached.whyNot(requested.get())));
    }

    /**
     * Credentials proved in this sign-in, or, when the single sign-on cookie stood in for them, the ones the existing
     * user session recorded (carried forward, so the session keeps saying what it proved).
     */
    private static String provedCredentials(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String proved = authSession.getUserSessionNotes().get(SessionNotes.CREDENTIALS);
        if (proved == null) {
            UserSessionModel existing = context.getSession().sessions()
                    .getUserSession(context.getRealm(), authSession.getParentSession().getId());
            proved = existing == null ? null : existing.getNote(SessionNotes.CREDENTIALS);
            if (proved != null) {
                authSession.setUserSessionNote(SessionNotes.CREDENTIALS, proved);
            }
        }
        return proved;
    }

    private static Response accessDenied(AuthenticationFlowContext context, String description) {
        LoginProtocol protocol = context.getSession().getProvider(LoginProtocol.class,
                context.getAuthenticationSession().getProtocol());
        protocol.setRealm(context.getRealm())
                .setHttpHeaders(context.getSession().getContext().getRequestHeaders())
                .setUriInfo(context.getUriInfo())
                .setEventBuilder(context.getEvent());
        return protocol.sendError(context.getAuthenticationSession(), LoginProtocol.Error.CONSENT_DENIED, description);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }
}
