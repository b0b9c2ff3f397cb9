package org.nhsloginkeycloak.authenticators.sms;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@value #PROVIDER_ID}: proves the email address with a code, first thing after the registration form. */
public final class EmailCodeAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "nhs-email-code";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public Authenticator create(KeycloakSession session) {
        return new EmailCodeAuthenticator(RANDOM, Clock.systemUTC());
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
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return true;
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
        return SmsCodeConfig.properties();
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
