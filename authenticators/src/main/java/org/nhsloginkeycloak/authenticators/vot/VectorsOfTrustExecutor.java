package org.nhsloginkeycloak.authenticators.vot;

import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.managers.AuthenticationManager;
import org.nhsloginkeycloak.core.InvalidVectorOfTrustException;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/**
 * Checks {@code vtr} / {@code acr_values} on the authorization request, before any page is shown: a malformed or
 * unregistered request goes back to the partner as {@code invalid_request}; a good one is kept on the authentication
 * session for {@link VectorsOfTrustGate} to enforce at the end of sign-in.
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
        if (context.getEvent() != ClientPolicyEvent.AUTHORIZATION_REQUEST) {
            return;
        }
        AuthorizationRequestContext request = (AuthorizationRequestContext) context;
        // The parsed request: parameters from the query, a request object or a pushed request alike.
        String vtr = request.getAuthorizationEndpointRequest().getAdditionalReqParams().get("vtr");
        String acrValues = Optional.ofNullable(request.getRequestParameters().getFirst("acr_values"))
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
        request.getAuthenticationSession().setClientNote(SessionNotes.REQUESTED_VTR, requested.get().toJson());
        if (isSilent(request.getAuthorizationEndpointRequest().getPrompt())) {
            refuseSilentRequestTheSessionCannotMeet(requested.get());
        }
    }

    /**
     * NHS login answers {@code sso_login_required} when {@code prompt=none} finds a single sign-on session that does not
     * meet the request (Interface Specification 1.13). Decided here because Keycloak turns any failure of a silent
     * sign-in into {@code login_required}; without a session, Keycloak's {@code login_required} stands.
     */
    private void refuseSilentRequestTheSessionCannotMeet(VectorsOfTrust requested) throws ClientPolicyException {
        AuthenticationManager.AuthResult sso =
                AuthenticationManager.authenticateIdentityCookie(session, session.getContext().getRealm(), true);
        if (sso == null) {
            return;
        }
        Reached reached = Reached.by(sso.user(), sso.session().getNote(SessionNotes.CREDENTIALS));
        if (reached.vot(requested).isEmpty()) {
            throw new ClientPolicyException(SSO_LOGIN_REQUIRED, reached.whyNot(requested));
        }
    }

    private static boolean isSilent(String prompt) {
        return prompt != null && java.util.Arrays.asList(prompt.split(" ")).contains("none");
    }

    @Override
    public String getProviderId() {
        return VectorsOfTrustExecutorFactory.PROVIDER_ID;
    }

    /** For the gate's use: the vectors the executor kept, if any. */
    static java.util.Optional<VectorsOfTrust> kept(org.keycloak.sessions.AuthenticationSessionModel authSession) {
        return java.util.Optional.ofNullable(authSession.getClientNote(SessionNotes.REQUESTED_VTR))
                .map(VectorsOfTrust::parseJson);
    }
}
