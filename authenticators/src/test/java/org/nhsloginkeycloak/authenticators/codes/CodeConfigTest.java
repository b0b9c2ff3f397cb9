package org.nhsloginkeycloak.authenticators.codes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

class CodeConfigTest {

    private static AuthenticatorConfigModel config(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setAlias(CodeConfig.REALM_CONFIG_ALIAS);
        model.setConfig(values);
        return model;
    }

    @Test
    void nothingSetIsNhsLoginsDefaultsWithADailyCapOnSendsAndOnWrongCodes() {
        CodeConfig config = CodeConfig.from(null);

        assertThat(config.codeLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.maxWrongGuesses()).isEqualTo(5);
        assertThat(config.sends()).isEqualTo(new SendThrottle(3, Duration.ofMinutes(15)));
        assertThat(config.sendsPerDay()).isEqualTo(10);
        assertThat(config.wrongCodesPerDay()).isEqualTo(20).isLessThan(100);
    }

    @Test
    void eachLimitIsReadFromTheStepsConfig() {
        CodeConfig config = CodeConfig.from(config(Map.of("sends-per-day", "4", "wrong-codes-per-day", "7",
                "sends-per-window", "2", "send-window-minutes", "5")));

        assertThat(config.sendsPerDay()).isEqualTo(4);
        assertThat(config.wrongCodesPerDay()).isEqualTo(7);
        assertThat(config.sends()).isEqualTo(new SendThrottle(2, Duration.ofMinutes(5)));
    }

    @Test
    void aValueThatIsNotAPositiveWholeNumberNeverSwitchesALimitOff() {
        CodeConfig config = CodeConfig.from(config(Map.of("sends-per-day", "0", "wrong-codes-per-day", "-1",
                "max-wrong-guesses", "lots")));

        assertThat(config.sendsPerDay()).isEqualTo(10);
        assertThat(config.wrongCodesPerDay()).isEqualTo(20);
        assertThat(config.maxWrongGuesses()).isEqualTo(5);
    }
}
