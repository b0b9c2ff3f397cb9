package org.nhsloginkeycloak.authenticators.codes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The code exchange's limits, from the authenticator config {@value #REALM_CONFIG_ALIAS} that every code step shares
 * (Keycloak's admin console, or the realm file's {@code authenticatorConfig}), with NHS login's defaults for anything
 * not set.
 *
 * @param codeLifetime how long a code can be used
 * @param maxWrongGuesses guesses one code gets
 * @param sends codes per citizen, and per destination, in a short window
 * @param sendsPerDay codes per citizen, and per destination, in any 24 hours
 * @param wrongCodesPerDay wrong codes per citizen in any 24 hours, whichever code; beyond it every guess is refused and
 *     reported to Keycloak's brute-force protection
 */
public record CodeConfig(Duration codeLifetime, int maxWrongGuesses, SendThrottle sends, int sendsPerDay,
        int wrongCodesPerDay) {

    /** The config every code step is given in the realm file; journeys outside a flow step read it by this alias. */
    public static final String REALM_CONFIG_ALIAS = "nhs sms code";

    static final String CODE_LIFETIME_SECONDS = "code-lifetime-seconds";
    static final String MAX_WRONG_GUESSES = "max-wrong-guesses";
    static final String SENDS_PER_WINDOW = "sends-per-window";
    static final String SEND_WINDOW_MINUTES = "send-window-minutes";
    static final String SENDS_PER_DAY = "sends-per-day";
    static final String WRONG_CODES_PER_DAY = "wrong-codes-per-day";

    static final Duration DAY = Duration.ofDays(1);

    /**
     * 20 wrong codes a day: far below NIST SP 800-63B's 100 consecutive failures, far above what a citizen mistyping
     * makes (four codes' worth of guesses).
     */
    public static final CodeConfig DEFAULTS = new CodeConfig(Duration.ofMinutes(10), 5,
            new SendThrottle(3, Duration.ofMinutes(15)), 10, 20);

    static CodeConfig from(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new CodeConfig(
                Duration.ofSeconds(positive(config, CODE_LIFETIME_SECONDS, DEFAULTS.codeLifetime.toSeconds())),
                (int) positive(config, MAX_WRONG_GUESSES, DEFAULTS.maxWrongGuesses),
                new SendThrottle((int) positive(config, SENDS_PER_WINDOW, DEFAULTS.sends.limit()),
                        Duration.ofMinutes(positive(config, SEND_WINDOW_MINUTES, DEFAULTS.sends.window().toMinutes()))),
                (int) positive(config, SENDS_PER_DAY, DEFAULTS.sendsPerDay),
                (int) positive(config, WRONG_CODES_PER_DAY, DEFAULTS.wrongCodesPerDay));
    }

    /**
     * The realm's settings: the config named {@value #REALM_CONFIG_ALIAS}, which every code step shares, for journeys
     * that are not a step of their own (the code to a GP mobile). One lookup by alias in Keycloak's cached realm, so
     * the answer does not depend on which flow a stream meets first; the defaults when the realm has none.
     */
    public static CodeConfig ofRealm(RealmModel realm) {
        return from(realm.getAuthenticatorConfigByAlias(REALM_CONFIG_ALIAS));
    }

    /** A whole number above zero, or the default when missing or not one: a typo must not switch a limit off. */
    private static long positive(Map<String, String> config, String key, long defaultValue) {
        try {
            long value = Long.parseLong(config.getOrDefault(key, "").trim());
            return value > 0 ? value : defaultValue;
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CODE_LIFETIME_SECONDS).label("nhs-sms-config-code-lifetime")
                .helpText("nhs-sms-config-code-lifetime-help").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULTS.codeLifetime.toSeconds()).add()
                .property().name(MAX_WRONG_GUESSES).label("nhs-sms-config-max-wrong-guesses")
                .helpText("nhs-sms-config-max-wrong-guesses-help").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULTS.maxWrongGuesses).add()
                .property().name(SENDS_PER_WINDOW).label("nhs-sms-config-sends-per-window")
                .helpText("nhs-sms-config-sends-per-window-help").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULTS.sends.limit()).add()
                .property().name(SEND_WINDOW_MINUTES).label("nhs-sms-config-send-window")
                .helpText("nhs-sms-config-send-window-help").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULTS.sends.window().toMinutes()).add()
                .property().name(SENDS_PER_DAY).label("nhs-sms-config-sends-per-day")
                .helpText("nhs-sms-config-sends-per-day-help").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULTS.sendsPerDay).add()
                .property().name(WRONG_CODES_PER_DAY).label("nhs-sms-config-wrong-codes-per-day")
                .helpText("nhs-sms-config-wrong-codes-per-day-help").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(DEFAULTS.wrongCodesPerDay).add()
                .build();
    }
}
