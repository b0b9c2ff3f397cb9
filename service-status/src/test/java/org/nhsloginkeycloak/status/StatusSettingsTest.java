package org.nhsloginkeycloak.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusSettingsTest {

    @Test
    void anAdministratorsValuesAreLaidOverTheDefaults() {
        StatusSettings settings = StatusSettings.DEFAULTS.with(Map.of("capacity-per-minute", "600",
                "window-seconds", "30", "banner-enabled", "false"));

        assertThat(settings.capacityPerMinute()).isEqualTo(600);
        assertThat(settings.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.bannerEnabled()).isFalse();
        assertThat(settings.calm()).isEqualTo(StatusSettings.DEFAULTS.calm());
    }

    @Test
    void aTypoOrAValueOutOfRangeIsRefusedWithAReasonAndNeverSwitchesALimitOff() {
        assertThat(StatusSettings.problem(Map.of("capacity", "5"))).contains("Unknown setting 'capacity'");
        assertThat(StatusSettings.problem(Map.of("capacity-per-minute", "0"))).contains("from 1 to");
        assertThat(StatusSettings.problem(Map.of("window-seconds", "3601"))).contains("from 1 to 3600");
        assertThat(StatusSettings.problem(Map.of("window-seconds", "-5"))).contains("whole number");
        assertThat(StatusSettings.problem(Map.of("error-rate", "1.5"))).contains("at most 1");
        assertThat(StatusSettings.problem(Map.of("banner-enabled", "yes"))).contains("true or false");
        assertThat(StatusSettings.problem(Map.of())).contains("at least one");
        assertThat(StatusSettings.problem(Map.of("window-seconds", "3600", "error-rate", "0.25"))).isNull();

        // Read from the server's options, the same values fall back to the defaults.
        assertThat(StatusSettings.DEFAULTS.with(Map.of("window-seconds", "99999")).window())
                .isEqualTo(StatusSettings.DEFAULTS.window());
    }
}
