package org.nhsloginkeycloak.authenticators.sms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The SMS code step's settings, from its execution's config in the flow (Keycloak's admin console, or the realm file's
 * {@code authenticatorConfig}), with NHS login's defaults for anything not set.
 */
public record SmsCodeConfig(Duration codeLifetime, int maxWrongGuesses, SendThrottle sends) {

    static final String CODE_LIFETIME_SECONDS = "code-lifetime-seconds";
    static final String MAX_WRONG_GUESSES = "max-wrong-guesses";
    static final String SENDS_PER_WINDOW = "sends-per-window";
    static final String SEND_WINDOW_MINUTES = "send-window-minutes";

    public static final SmsCodeConfig DEFAULTS = new SmsCodeConfig(Duration.ofMinutes(10), 5,
            new SendThrottle(3, Duration.ofMinutes(15)));

    static SmsCodeConfig from(AuthenticatorConfigModel model) {
        Map<String, String> config = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        return new SmsCodeConfig(
                Duration.ofSeconds(positive(config, CODE_LIFETIME_SECONDS, DEFAULTS.codeLifetime.toSeconds())),
                (int) positive(config, MAX_WRONG_GUESSES, DEFAULTS.maxWrongGuesses),
                new SendThrottle((int) positive(config, SENDS_PER_WINDOW, DEFAULTS.sends.limit()),
                        Duration.ofMinutes(positive(config, SEND_WINDOW_MINUTES, DEFAULTS.sends.window().toMinutes()))));
    }

    /**
     * The settings of the realm's sign-in code step ({@code nhs-sms-code} in any of its flows), for other journeys that
     * text a code and should keep the same limits; the defaults when the realm has none.
     */
    public static SmsCodeConfig ofRealm(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> SmsCodeAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator())
                        && execution.getAuthenticatorConfig() != null)
                .findFirst()
                .map(execution -> from(realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig())))
                .orElse(DEFAULTS);
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
                .build();
    }
}
