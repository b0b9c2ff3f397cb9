package org.nhsloginkeycloak.authenticators.codes;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.authenticators.flow.ActionFactory;

/**
 * Required action {@value #PROVIDER_ID}: change the verified mobile. Keycloak's maximum sign-in age for actions applies
 * (five minutes unless configured), so a citizen signed in longer ago gives their password and a code to the current
 * mobile again before a new one replaces it.
 */
public final class ChangeMobileRequiredActionFactory extends ActionFactory {

    public static final String PROVIDER_ID = "nhs-change-mobile";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new ChangeMobileRequiredAction(SmsCodeAuthenticatorFactory.codes());
    }

    @Override
    public String getDisplayText() {
        return "NHS login: change the verified mobile";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
