package org.nhsloginkeycloak.authenticators.vot;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.authenticators.flow.StepFactory;

/**
 * {@value #PROVIDER_ID}: the vectors-of-trust gate. Put it last in the browser flow, after the steps that authenticate;
 * it relies on the {@code nhs-vectors-of-trust} client-policy executor having read the request.
 */
public final class VectorsOfTrustGateFactory extends StepFactory {

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
}
