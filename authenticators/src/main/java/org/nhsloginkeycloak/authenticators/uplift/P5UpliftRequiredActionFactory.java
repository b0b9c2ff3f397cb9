package org.nhsloginkeycloak.authenticators.uplift;

import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.authenticators.flow.ActionFactory;

/**
 * Required action {@value #PROVIDER_ID}: the P5 uplift, for {@code kc_action}. Same journey as the sign-in step. Keeps
 * Keycloak's maximum age of the sign-in (five minutes unless configured): a citizen signed in longer ago proves it is
 * still them before an NHS number is linked to the account.
 */
public final class P5UpliftRequiredActionFactory extends ActionFactory {

    public static final String PROVIDER_ID = "nhs-p5-uplift";
    private static final P5UpliftRequiredAction SINGLETON =
            new P5UpliftRequiredAction(P5UpliftAuthenticatorFactory.JOURNEY);

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getDisplayText() {
        return "NHS login: P5 uplift (PDS trace)";
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
