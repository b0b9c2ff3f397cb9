package org.nhsloginkeycloak.authenticators.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendThrottleTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final SendThrottle throttle = new SendThrottle(3, Duration.ofMinutes(15));

    @Test
    void allowsThreeSendsInFifteenMinutesAndNotAFourth() {
        List<Instant> sent = List.of();
        for (int i = 0; i < 3; i++) {
            sent = throttle.admit(sent, NOW.plusSeconds(i)).orElseThrow();
        }

        assertThat(throttle.admit(sent, NOW.plusSeconds(60))).isEmpty();
        assertThat(throttle.nextAllowed(sent, NOW.plusSeconds(60))).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void sendsOlderThanTheWindowNoLongerCount() {
        List<Instant> sent = List.of(NOW, NOW.plusSeconds(1), NOW.plusSeconds(2));

        List<Instant> kept = throttle.admit(sent, NOW.plus(Duration.ofMinutes(15)).plusMillis(1)).orElseThrow();

        assertThat(kept).hasSize(3).doesNotContain(NOW);
    }

    @Test
    void theDefaultsAreNhsLogins() {
        assertThat(SmsCodeConfig.DEFAULTS.codeLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(SmsCodeConfig.DEFAULTS.maxWrongGuesses()).isEqualTo(5);
        assertThat(SmsCodeConfig.DEFAULTS.sends()).isEqualTo(new SendThrottle(3, Duration.ofMinutes(15)));
    }

    @Test
    void aConfigTypoCannotSwitchALimitOff() {
        org.keycloak.models.AuthenticatorConfigModel model = new org.keycloak.models.AuthenticatorConfigModel();
        model.setConfig(java.util.Map.of(SmsCodeConfig.MAX_WRONG_GUESSES, "0", SmsCodeConfig.SENDS_PER_WINDOW, "lots",
                SmsCodeConfig.CODE_LIFETIME_SECONDS, "60"));

        SmsCodeConfig config = SmsCodeConfig.from(model);

        assertThat(config.maxWrongGuesses()).isEqualTo(5);
        assertThat(config.sends().limit()).isEqualTo(3);
        assertThat(config.codeLifetime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(SmsCodeConfig.from(null)).isEqualTo(SmsCodeConfig.DEFAULTS);
    }
}
