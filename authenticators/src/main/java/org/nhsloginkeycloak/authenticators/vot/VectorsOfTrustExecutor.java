package org.nhsloginkeycloak.authenticators.vot;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.nhsloginkeycloak.core.HeldNow;
import org.nhsloginkeycloak.core.InvalidVectorOfTrustException;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/**
 * Checks {@code vtr} / {@code acr_values} on the authorization request, before any page is shown: a malformed or
 * unregistered request goes back to the partner as {@code invalid_request}; a good one is kept on the authentication
 * session for {@link VectorsOfTrustGate} to enforce at the end of sign-in. On a refresh, refuses the grant when the
 * account no longer meets any vector the partner asked for.
 */
final class VectorsOfTrustExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    static final String SSO_LOGIN_REQUIRED = "sso_login_required";
    private static final Logger LOG = Logger.getLogger(VectorsOfTrustExecutor.class);

    private final KeycloakSession session;

    VectorsOfTrustExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() == ClientPolicyEvent.AUTHORIZATION_REQUEST) {
            onAuthorizationRequest((AuthorizationRequestContext) context);
        } else if (context.getEvent() == ClientPolicyEvent.TOKEN_REFRESH_RESPONSE) {
            refuseARefreshTheAccountNoLongerMeets(((TokenRefreshResponseContext) context).getClientSession());
        }
    }

    private void onAuthorizationRequest(AuthorizationRequestContext request) throws ClientPolicyException {
        // The parsed request (query, request object or pushed request alike), else the query or form itself, so a vtr
        // Keycloak dropped past its parameter limits is still the partner's, never replaced by a lower default.
        // With a request object or a pushed request, only what it holds counts: the query beside it is the browser's,
        // and anyone can add a lower vtr or acr_values to it.
        MultivaluedMap<String, String> query = request.getRequestParameters();
        boolean signed = query != null && (query.containsKey(OIDCLoginProtocol.REQUEST_PARAM)
                || query.containsKey(OIDCLoginProtocol.REQUEST_URI_PARAM));
        MultivaluedMap<String, String> raw = signed ? null : query;
        String vtr = RequestedVectors.vtrOf(request.getAuthorizationEndpointRequest().getAdditionalReqParams(),
                raw == null ? null : raw.getFirst(RequestedVectors.VTR));
        String acrValues = Optional.ofNullable(raw)
                .map(parameters -> parameters.getFirst("acr_values"))
                .orElse(request.getAuthorizationEndpointRequest().getAcr());
        Optional<VectorsOfTrust> requested;
        try {
            requested = RequestedVectors.resolve(vtr, acrValues, request.getClient());
        } catch (InvalidVectorOfTrustException e) {
            LOG.debugf("Refused the vectors of trust asked for by %s: %s", request.getClient().getClientId(), e.getMessage());
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, e.getMessage());
        }
        if (requested.isEmpty()) {
            return;
        }
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        authSession.setClientNote(SessionNotes.REQUESTED_VTR, requested.get().toJson());
        boolean silent = isSilent(request.getAuthorizationEndpointRequest().getPrompt());
        if (!silent && requested.get().lowestLevel() != ProofingLevel.P5) {
            return;
        }
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(session, session.getContext().getRealm(), true);
        if (sso == null) {
            return;
        }
        if (silent) {
            refuseSilentRequestTheSessionCannotMeet(sso, requested.get());
        } else {
            askForASignInRecentEnoughToUplift(sso, requested.get(), authSession,
                    request.getAuthorizationEndpointRequest().getPrompt(),
                    request.getAuthorizationEndpointRequest().getMaxAge());
        }
    }

    /**
     * NHS login answers {@code sso_login_required} when {@code prompt=none} finds a single sign-on session that does not
     * meet the request (Interface Specification 1.13). Decided here because Keycloak turns any failure of a silent
     * sign-in into {@code login_required}; without a session, Keycloak's {@code login_required} stands.
     */
    private static void refuseSilentRequestTheSessionCannotMeet(AuthenticationManager.AuthResult sso,
            VectorsOfTrust requested) throws ClientPolicyException {
        Reached reached = Reached.by(sso.user(), sso.session().getNote(SessionNotes.CREDENTIALS));
        if (reached.vot(requested).isEmpty()) {
            throw new ClientPolicyException(SSO_LOGIN_REQUIRED, reached.whyNot(requested));
        }
    }

    /**
     * The sign-in door to the uplift keeps the {@code kc_action} door's rule ({@link UpliftSignInAge}): when this
     * request will take the session's citizen through the uplift (the uplift condition's test: P5 is the lowest level
     * asked for, the citizen is below it) and the session's sign-in is older than the uplift allows, Keycloak is told
     * to sign the citizen in again, by the same notes it reads for {@code prompt=login} and {@code max_age}. Keycloak
     * writes the request's own {@code prompt} and {@code max_age} over them after this event, and either of those is
     * at least as strict unless the request carries a {@code prompt} other than {@code login} or a longer
     * {@code max_age} (NHS login supports neither): such a request, which would take a stale session through the
     * uplift, is refused rather than let through.
     */
    private void askForASignInRecentEnoughToUplift(AuthenticationManager.AuthResult sso, VectorsOfTrust requested,
            AuthenticationSessionModel authSession, String prompt, Integer maxAge) throws ClientPolicyException {
        if (NhsUser.levelOf(sso.user()).isAtLeast(requested.lowestLevel())) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        int maxSeconds = UpliftSignInAge.maxSeconds(realm);
        if (UpliftSignInAge.tooOld(sso.session(), maxSeconds, Time.currentTime())) {
            boolean overrides = (prompt != null && !prompt.contains(OIDCLoginProtocol.PROMPT_VALUE_LOGIN))
                    || (maxAge != null && maxAge > maxSeconds);
            if (overrides) {
                throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST,
                        "prompt or max_age would skip the fresh sign-in the uplift needs");
            }
            authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM, OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
            authSession.setClientNote(OIDCLoginProtocol.MAX_AGE_PARAM, String.valueOf(maxSeconds));
        }
    }

    /**
     * A refreshed token must never say more than the account holds (an administrator may have lowered the citizen's
     * level since sign-in). When some requested vector is still met, the mappers release the best of those; when none
     * is, the partner is refused the refresh ({@code invalid_grant}) and must send the citizen through sign-in again,
     * where the gate and the uplift decide afresh. A partner can therefore rely on every token's {@code vot} being one
     * of the vectors it asked for and held by the account when the token was made.
     */
    private static void refuseARefreshTheAccountNoLongerMeets(AuthenticatedClientSessionModel clientSession)
            throws ClientPolicyException {
        if (clientSession == null) {
            return;
        }
        String reached = clientSession.getNote(SessionNotes.VOT);
        if (reached == null) {
            return;
        }
        UserSessionModel userSession = clientSession.getUserSession();
        if (HeldNow.vot(reached, clientSession.getNote(SessionNotes.REQUESTED_VTR),
                userSession.getNote(SessionNotes.CREDENTIALS), NhsUser.levelOf(userSession.getUser())).isEmpty()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT, "The user's identity proofing level is"
                    + " now below every requested vector of trust; sign the user in again");
        }
    }

    private static boolean isSilent(String prompt) {
        return prompt != null && Arrays.asList(prompt.split(" ")).contains("none");
    }

    @Override
    public String getProviderId() {
        return VectorsOfTrustExecutorFactory.PROVIDER_ID;
    }

    /** For the gate's use: the vectors the executor kept, if any. */
    static Optional<VectorsOfTrust> kept(AuthenticationSessionModel authSession) {
        return Optional.ofNullable(authSession.getClientNote(SessionNotes.REQUESTED_VTR)).map(VectorsOfTrust::parseJson);
    }
}
