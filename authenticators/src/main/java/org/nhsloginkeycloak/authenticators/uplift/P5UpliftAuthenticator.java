package org.nhsloginkeycloak.authenticators.uplift;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.nhsloginkeycloak.authenticators.flow.Door;
import org.nhsloginkeycloak.authenticators.flow.UserStep;

/** The P5 uplift journey as a step of sign-in: the {@code nhs uplift} subflow of {@code nhs browser}. */
final class P5UpliftAuthenticator implements UserStep {

    private final UpliftJourney journey;

    P5UpliftAuthenticator(UpliftJourney journey) {
        this.journey = journey;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        journey.start(Door.of(context));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        journey.action(Door.of(context));
    }
}
