package org.nhsloginkeycloak.mappers.scopes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ScopeParameterContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Refuses, as {@code invalid_scope}, any request that holds both scopes of a configured pair: an authorization request
 * (before any page is shown), a refresh or any other grant that carries a {@code scope} parameter. The client's default
 * scopes count as held, so a client set up with both as defaults cannot sign anyone in.
 */
final class ExclusiveScopesExecutor implements ClientPolicyExecutorProvider<ExclusiveScopesExecutor.Configuration> {

    private static final Logger LOG = Logger.getLogger(ExclusiveScopesExecutor.class);

    private final KeycloakSession session;
    private ExclusiveScopes exclusive = ExclusiveScopes.of(List.of());

    ExclusiveScopesExecutor(KeycloakSession session) {
        this.session = session;
    }

    /** The executor's configuration as the realm's client profiles store it. */
    public static final class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(ExclusiveScopesExecutorFactory.PAIRS)
        private List<String> pairs;

        public List<String> getPairs() {
            return pairs;
        }

        public void setPairs(List<String> pairs) {
            this.pairs = pairs;
        }

        /** Keycloak calls this when an administrator saves the client profile: a bad pair is a 400. */
        @Override
        public boolean validateConfig() {
            return ExclusiveScopes.of(pairs).problems().isEmpty();
        }
    }

    /** Also called for configurations Keycloak is about to validate, so it reports rather than throws. */
    @Override
    public void setupConfiguration(Configuration config) {
        exclusive = ExclusiveScopes.of(config == null ? List.of() : config.getPairs());
        exclusive.problems().forEach(problem -> LOG.warnf("Client-policy executor %s: %s",
                ExclusiveScopesExecutorFactory.PROVIDER_ID, problem));
    }

    @Override
    public Class<Configuration> getExecutorConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (!(context instanceof ScopeParameterContext request)) {
            return;
        }
        ClientModel client = session.getContext().getClient();
        Set<String> defaults = client == null ? Set.of() : client.getClientScopes(true).keySet();
        var violated = exclusive.violatedBy(ExclusiveScopes.held(request.getScopeParameter(), defaults));
        if (violated.isPresent()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE, "Scopes " + violated.get().first()
                    + " and " + violated.get().second() + " cannot be requested together");
        }
    }

    @Override
    public String getProviderId() {
        return ExclusiveScopesExecutorFactory.PROVIDER_ID;
    }
}
