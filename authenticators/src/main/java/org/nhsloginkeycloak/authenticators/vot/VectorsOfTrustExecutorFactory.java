package org.nhsloginkeycloak.authenticators.vot;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@value #PROVIDER_ID}: validates a partner's {@code vtr} before sign-in starts. */
public final class VectorsOfTrustExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "nhs-vectors-of-trust";

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new VectorsOfTrustExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses an authorization request whose vtr or acr_values is malformed or asks for vectors of trust the"
                + " client is not registered for (client attribute nhs.vtr), and keeps the requested vectors for the"
                + " NHS login vectors-of-trust step.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Keycloak's option, not ours: without it Keycloak drops extra request parameters past its limits silently. The
        // executor still finds a dropped vtr in the query or form, but not one inside a request object or pushed request.
        Boolean failFast = Config.scope("login-protocol", "openid-connect").getBoolean(FAIL_FAST, false);
        if (!Boolean.TRUE.equals(failFast)) {
            LOG.warnf("Keycloak runs without --spi-login-protocol--openid-connect--%s=true: a vtr in a request object or"
                    + " pushed request with more or longer extra parameters than Keycloak keeps could be dropped;"
                    + " set it so such requests are refused", FAIL_FAST);
        }
    }

    private static final String FAIL_FAST = "add-req-params-fail-fast";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(VectorsOfTrustExecutorFactory.class);

    @Override
    public void close() {
    }
}
