package org.nhsloginkeycloak.mappers.scopes;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@value #PROVIDER_ID}: scopes that may not be requested together. */
public final class ExclusiveScopesExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String PROVIDER_ID = "nhs-exclusive-scopes";
    static final String PAIRS = "pairs";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(PAIRS).label("Exclusive scope pairs").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("Each entry two scope names separated by a space, like \"profile basic_demographics\". A request"
                    + " holding both (asked for, or default scopes of the client) is refused with invalid_scope.")
            .add().build();

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new ExclusiveScopesExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses requests that hold both scopes of a configured pair, e.g. profile with basic_demographics.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
