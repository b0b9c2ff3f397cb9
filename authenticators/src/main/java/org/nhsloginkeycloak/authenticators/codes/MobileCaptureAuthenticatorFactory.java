package org.nhsloginkeycloak.authenticators.codes;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.nhsloginkeycloak.authenticators.flow.StepFactory;

/**
 * {@value #PROVIDER_ID}: asks a user without a verified mobile for a UK one and verifies it with a code. In the
 * registration flow after the form, and in the sign-in forms before {@code nhs-sms-code} (which it then satisfies).
 */
public final class MobileCaptureAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "nhs-mobile-capture";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new MobileCaptureAuthenticator(SmsCodeAuthenticatorFactory.codes());
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: verify a mobile";
    }

    @Override
    public String getHelpText() {
        return "When the user has no verified mobile, asks for a UK mobile, texts a code and stores the number"
                + " (E.164) once the code comes back.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CodeConfig.properties();
    }
}
