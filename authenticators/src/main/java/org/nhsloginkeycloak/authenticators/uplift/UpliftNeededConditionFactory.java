package org.nhsloginkeycloak.authenticators.uplift;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.nhsloginkeycloak.authenticators.flow.StepFactory;
import org.nhsloginkeycloak.authenticators.vot.Requested;
import org.nhsloginkeycloak.core.NhsUser;
import org.nhsloginkeycloak.core.ProofingLevel;

/**
 * Condition {@value #PROVIDER_ID}: true when the partner asks for P5 (its lowest requested level) and the citizen is
 * below it, so the uplift subflow runs in the same sign-in, single sign-on included; and while the citizen, now P5, is
 * still on the journey's AMNV pages. A P9 request is left to the
 * vectors-of-trust gate: there is no P9 route yet.
 */
public final class UpliftNeededConditionFactory extends StepFactory implements ConditionalAuthenticatorFactory {

    public static final String PROVIDER_ID = "nhs-condition-uplift-needed";

    private static final ConditionalAuthenticator CONDITION = new ConditionalAuthenticator() {
        @Override
        public boolean matchCondition(AuthenticationFlowContext context) {
            UserModel user = context.getUser();
            if (user != null && UpliftJourney.inAmnv(context.getAuthenticationSession())) {
                // Already P5, still on an AMNV page: a refresh must come back to it, not skip past it.
                return true;
            }
            return user != null && Requested.by(context.getAuthenticationSession())
                    .map(requested -> requested.lowestLevel() == ProofingLevel.P5
                            && !NhsUser.levelOf(user).isAtLeast(ProofingLevel.P5))
                    .orElse(false);
        }

        @Override
        public void action(AuthenticationFlowContext context) {
        }

        @Override
        public boolean requiresUser() {
            return true;
        }

        @Override
        public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public ConditionalAuthenticator getSingleton() {
        return CONDITION;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "NHS login: condition - P5 uplift needed";
    }

    @Override
    public String getHelpText() {
        return "True when the partner asks for P5 and the citizen is below it.";
    }
}
