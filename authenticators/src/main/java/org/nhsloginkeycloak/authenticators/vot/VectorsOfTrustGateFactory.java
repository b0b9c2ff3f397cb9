package org.nhsloginkeycloak.authenticators.vot;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@value #PROVIDER_ID}: the vectors-of-trust gate. Put it last in the browser flow, after the steps that authenticate;
 * it relies on the {@code nhs-vectors-of-trust} client-policy executor having read the request.
 */
public final class VectorsOfTrustGateFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "nhs-vectors-of-trust-gate";
    private static final VectorsOfTrustGate GATE = new VectorsOfTrustGate();

    @Override
    public Authenticator create(KeycloakSession session) {
        return GATE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: vectors-of-trust gate";
    }

    @Override
    public String getHelpText() {
        return "Checks the user's proofing level and this sign-in's credentials against the vectors of trust the"
                + " partner asked for; records the vector reached (vot) or returns access_denied.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED, Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
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
    }

    @Override
    public void close() {
    }
}
