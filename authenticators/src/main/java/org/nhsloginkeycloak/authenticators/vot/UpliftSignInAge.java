package org.nhsloginkeycloak.authenticators.vot;

import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.nhsloginkeycloak.authenticators.uplift.P5UpliftRequiredActionFactory;

/**
 * The one rule on how recent a sign-in must be for the P5 uplift, whichever door it comes through: no older than the
 * {@code max_auth_age} of the required action {@code nhs-p5-uplift} (Keycloak's 300 seconds when not configured).
 * Keycloak applies it to the {@code kc_action} door itself; {@link VectorsOfTrustExecutor} applies the same value to
 * the sign-in door, so an unattended browser's old session cannot link a record to the account without the password
 * and code again.
 */
final class UpliftSignInAge {

    private UpliftSignInAge() {
    }

    /** Seconds a sign-in may be old for the uplift, as the required action's configuration says. */
    static int maxSeconds(RealmModel realm) {
        return realm.getRequiredActionProvidersStream()
                .filter(action -> P5UpliftRequiredActionFactory.PROVIDER_ID.equals(action.getProviderId()))
                .findFirst()
                .map(action -> realm.getRequiredActionConfigByAlias(action.getAlias()))
                .filter(config -> config.containsConfigKey(Constants.MAX_AUTH_AGE_KEY))
                .map(UpliftSignInAge::parse)
                .orElse(Constants.KC_ACTION_MAX_AGE);
    }

    private static int parse(RequiredActionConfigModel config) {
        try {
            return RequiredActionFactory.parseMaxAuthAge(config);
        } catch (NumberFormatException e) {
            // Keycloak refuses such a value when it is saved; one that slipped in gets Keycloak's default, not "forever".
            return Constants.KC_ACTION_MAX_AGE;
        }
    }

    /** Whether the session's last full sign-in is older than the uplift allows at {@code nowSeconds}. */
    static boolean tooOld(UserSessionModel userSession, int maxSeconds, int nowSeconds) {
        String authTime = userSession.getNote(AuthenticationManager.AUTH_TIME);
        return authTime == null || tooOld(Integer.parseInt(authTime), maxSeconds, nowSeconds);
    }

    /** Keycloak's own comparison for {@code kc_action} and {@code max_age}: expired once auth time plus age has passed. */
    static boolean tooOld(int authTimeSeconds, int maxSeconds, int nowSeconds) {
        return (long) authTimeSeconds + maxSeconds < nowSeconds;
    }
}
