package org.nhsloginkeycloak.authenticators.vot;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.nhsloginkeycloak.core.InvalidVectorOfTrustException;
import org.nhsloginkeycloak.core.SessionNotes;
import org.nhsloginkeycloak.core.VectorsOfTrust;

/**
 * Checks {@code vtr} / {@code acr_values} on the authorization request, before any page is shown: a malformed or
 * unregistered request goes back to the partner as {@code invalid_request}; a good one is kept on the authentication
 * session for {@link VectorsOfTrustGate} to enforce at the end of sign-in.
 */
final class VectorsOfTrustExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(VectorsOfTrustExecutor.class);

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.AUTHORIZATION_REQUEST) {
            return;
        }
        AuthorizationRequestContext request = (AuthorizationRequestContext) context;
        String vtr = request.getRequestParameters().getFirst("vtr");
        String acrValues = request.getRequestParameters().getFirst("acr_values");
        try {
            RequestedVectors.resolve(vtr, acrValues, request.getClient()).ifPresent(requested ->
                    request.getAuthenticationSession().setClientNote(SessionNotes.REQUESTED_VTR, requested.toJson()));
        } catch (InvalidVectorOfTrustException e) {
            LOG.debugf("Refused the vectors of trust asked for by %s: %s", request.getClient().getClientId(), e.getMessage());
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, e.getMessage());
        }
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
