package org.nhsloginkeycloak.authenticators.codes;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.nhsloginkeycloak.authenticators.flow.StepFactory;

/** {@value #PROVIDER_ID}: proves the email address with a code, first thing after the registration form. */
public final class EmailCodeAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "nhs-email-code";
    @Override
    public Authenticator create(KeycloakSession session) {
        return new EmailCodeAuthenticator(SmsCodeAuthenticatorFactory.codes());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: email code";
    }

    @Override
    public String getHelpText() {
        return "Emails a six-digit code to a user whose email is not yet verified and verifies it when the code comes back.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CodeConfig.properties();
    }
}
