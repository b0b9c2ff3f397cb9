package org.nhsloginkeycloak.authenticators.uplift;

import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.nhsloginkeycloak.authenticators.flow.Door;
import org.nhsloginkeycloak.authenticators.vot.Reached;

/**
 * The P5 uplift journey as a required action: a partner starts it with {@code kc_action=nhs-p5-uplift} (for example a
 * multi-level partner whose P0 citizen now wants a P5 service), or an administrator sets it on a citizen. On success the
 * vector the partner is told ({@code vot}) is worked out again, so it can say P5 where the partner asked for it.
 */
final class P5UpliftRequiredAction implements RequiredActionProvider {

    private final UpliftJourney journey;

    P5UpliftRequiredAction(UpliftJourney journey) {
        this.journey = journey;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        journey.start(door(context));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        journey.action(door(context));
    }

    private static Door door(RequiredActionContext context) {
        return Door.of(context, () -> Reached.record(context.getSession(), context.getRealm(),
                context.getAuthenticationSession(), context.getUser()));
    }

    @Override
    public void close() {
    }
}
