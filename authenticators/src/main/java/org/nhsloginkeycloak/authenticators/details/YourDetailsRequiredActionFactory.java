package org.nhsloginkeycloak.authenticators.details;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.authenticators.flow.ActionFactory;

/**
 * Required action {@value #PROVIDER_ID}: the citizen's details as PDS holds them, read fresh, on one page
 * ({@code kc_action=nhs-your-details}, after a complete sign-in with the security code).
 */
public final class YourDetailsRequiredActionFactory extends ActionFactory {

    public static final String PROVIDER_ID = "nhs-your-details";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new YourDetailsRequiredAction();
    }

    @Override
    public String getDisplayText() {
        return "NHS login: your details";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
