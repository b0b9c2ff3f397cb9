package org.nhsloginkeycloak.authenticators.sms;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.nhsloginkeycloak.authenticators.flow.StepFactory;

/**
 * {@value #PROVIDER_ID}: the NHS login SMS security code step ({@code Cd}). Put it after the password form in the
 * browser flow; its execution config sets the code's lifetime, the wrong guesses allowed and the send allowance.
 */
public final class SmsCodeAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "nhs-sms-code";

    private static final SmsCodeExchange CODES = new SmsCodeExchange(new SecureRandom(), Clock.systemUTC());

    @Override
    public Authenticator create(KeycloakSession session) {
        return new SmsCodeAuthenticator(CODES);
    }

    /** The one exchange, so every step that sends codes shares the same limits. */
    public static SmsCodeExchange codes() {
        return CODES;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: SMS security code";
    }

    @Override
    public String getHelpText() {
        return "Sends a six-digit code to the user's verified mobile (phone_number) and asks for it.";
    }

    @Override
    public String getReferenceCategory() {
        return "nhs-sms-code";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return SmsCodeConfig.properties();
    }
}
