package org.nhsloginkeycloak.authenticators.details;

import java.time.Clock;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.authenticators.codes.SmsCodeAuthenticatorFactory;
import org.nhsloginkeycloak.authenticators.flow.ActionFactory;

/**
 * Required action {@value #PROVIDER_ID}: the citizen's details as PDS holds them, read fresh, on one page, and at P9
 * their address, mobile and email changed on PDS ({@code kc_action=nhs-your-details}, after a complete sign-in with
 * the security code, within Keycloak's maximum sign-in age for actions). Codes to a new mobile or email come from the
 * one code exchange, within the same limits as every other code.
 */
public final class YourDetailsRequiredActionFactory extends ActionFactory {

    public static final String PROVIDER_ID = "nhs-your-details";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new YourDetailsRequiredAction(SmsCodeAuthenticatorFactory.codes(), Clock.systemUTC());
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
