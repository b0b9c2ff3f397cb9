package org.nhsloginkeycloak.authenticators.codes;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
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

    private static final CodeExchange CODES = new CodeExchange(new SecureRandom(), Clock.systemUTC());

    @Override
    public Authenticator create(KeycloakSession session) {
        return new SmsCodeAuthenticator(CODES);
    }

    /** The one exchange, so every step that sends codes shares the same limits. */
    public static CodeExchange codes() {
        return CODES;
    }

    /**
     * {@code --spi-authenticator--nhs-sms-code--accept-drama-numbers}: whether Ofcom's drama range (07700 900000 to
     * 900999) is taken as a UK mobile, at registration and in PDS records. Off by default, so production refuses
     * them; the sandpit and the tests turn it on.
     */
    static final String ACCEPT_DRAMA_NUMBERS = "accept-drama-numbers";

    private static final Logger LOG = Logger.getLogger(SmsCodeAuthenticatorFactory.class);

    @Override
    public void init(Config.Scope config) {
        boolean drama = config.getBoolean(ACCEPT_DRAMA_NUMBERS, false);
        UkMobileNumbers.acceptDramaNumbers(drama);
        if (drama) {
            LOG.warn("Ofcom's drama-range numbers (07700 900xxx) are accepted as mobiles: a development or test server");
        }
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
        return CodeConfig.properties();
    }
}
