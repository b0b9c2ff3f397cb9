package org.nhsloginkeycloak.authenticators.uplift;

import java.time.Clock;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.nhsloginkeycloak.authenticators.flow.StepFactory;
import org.nhsloginkeycloak.authenticators.codes.SmsCodeAuthenticatorFactory;

/** Step {@value #PROVIDER_ID}: the P5 uplift (details, PDS trace), for the uplift subflow of {@code nhs browser}. */
public final class P5UpliftAuthenticatorFactory extends StepFactory {

    public static final String PROVIDER_ID = "nhs-p5-uplift";
    /** The one journey both doors share; its codes keep the same allowances as the sign-in step's. */
    static final UpliftJourney JOURNEY = new UpliftJourney(SmsCodeAuthenticatorFactory.codes(), Clock.systemUTC());
    private static final P5UpliftAuthenticator SINGLETON = new P5UpliftAuthenticator(JOURNEY);

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: P5 uplift (PDS trace)";
    }

    @Override
    public String getHelpText() {
        return "Asks for name, date of birth and postcode, traces them against PDS and, on one unique match, sets the"
                + " citizen's NHS number and details and raises them to P5; then compares their mobile with the GP"
                + " record (AMNV). Traces per day: --spi-nhs-uplift--default--traces-per-day.";
    }
}
