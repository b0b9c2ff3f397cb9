package org.nhsloginkeycloak.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;

class TrafficListenerTest {

    @Test
    void signInsAreCountedAndAnonymousFailuresAreNot() {
        assertThat(TrafficListenerFactory.journeyOf(EventType.LOGIN, null, Map.of(), "user-1")).isEqualTo(Journey.SIGN_IN);
        assertThat(TrafficListenerFactory.journeyOf(EventType.LOGIN_ERROR, "invalid_user_credentials", Map.of(),
                "user-1")).isEqualTo(Journey.SIGN_IN);
        // An unknown client or username: anyone can send those, so they must not be able to turn the banner on.
        assertThat(TrafficListenerFactory.journeyOf(EventType.LOGIN_ERROR, "client_not_found", Map.of(), null)).isNull();
        assertThat(TrafficListenerFactory.journeyOf(EventType.LOGIN_ERROR, "user_not_found", Map.of(), null)).isNull();
    }

    @Test
    void upliftTracesAreCountedButNotTheTracesThatNeverReachedPds() {
        assertThat(TrafficListenerFactory.journeyOf(EventType.UPDATE_PROFILE, null, Map.of("nhs_uplift", "P5"), "u"))
                .isEqualTo(Journey.UPLIFT);
        assertThat(TrafficListenerFactory.journeyOf(EventType.UPDATE_PROFILE_ERROR, "nhs_trace_no_match", Map.of(), "u"))
                .isEqualTo(Journey.UPLIFT);
        assertThat(TrafficListenerFactory.journeyOf(EventType.UPDATE_PROFILE_ERROR, "nhs_pds_unavailable", Map.of(), "u"))
                .isEqualTo(Journey.UPLIFT);
        assertThat(TrafficListenerFactory.journeyOf(EventType.UPDATE_PROFILE_ERROR, "nhs_trace_attempts_exhausted",
                Map.of(), "u")).isNull();
        assertThat(TrafficListenerFactory.journeyOf(EventType.UPDATE_PROFILE, null, Map.of("nhs_amnv", "matched_by_code"),
                "u")).isNull();
        assertThat(TrafficListenerFactory.journeyOf(EventType.UPDATE_PROFILE, null, Map.of(), "u")).isNull();
    }
}
