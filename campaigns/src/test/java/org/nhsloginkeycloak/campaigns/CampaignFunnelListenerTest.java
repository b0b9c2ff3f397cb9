package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.nhsloginkeycloak.campaigns.CampaignFunnelListenerFactory.Step;

class CampaignFunnelListenerTest {

    private static final String LANDING = CampaignLinkResourceFactory.CLIENT_ID;

    @Test
    void aSignInThroughTheLandingClientIsSignedInAndThroughAPartnerIsNothing() {
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.LOGIN, LANDING, null, Map.of()))
                .isEqualTo(Step.SIGNED_IN);
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.LOGIN, "example-gp-services", null, Map.of()))
                .isNull();
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.LOGIN_ERROR, LANDING, "invalid_user_credentials",
                Map.of())).as("a wrong password is no step").isNull();
    }

    @Test
    void aTraceSubmittedStartsTheUpliftAndNotNowIsOnlyASignIn() {
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.UPDATE_PROFILE_ERROR, LANDING, "nhs_trace_no_match",
                Map.of())).isEqualTo(Step.UPLIFT_STARTED);
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.UPDATE_PROFILE_ERROR, LANDING, "nhs_uplift_later",
                Map.of())).isEqualTo(Step.SIGNED_IN);
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.UPDATE_PROFILE, LANDING, null,
                Map.of("nhs_amnv", "matched_by_code"))).isEqualTo(Step.UPLIFT_STARTED);
    }

    @Test
    void reachingP5CountsThroughAnyClientOnceTheLinkWasFollowed() {
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.UPDATE_PROFILE, "example-vaccination-record", null,
                Map.of("nhs_uplift", "P5", "nhs_amnv", "matched"))).isEqualTo(Step.REACHED_P5);
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.UPDATE_PROFILE, "example-vaccination-record", null,
                Map.of("nhs_amnv", "matched_by_code"))).as("a partner's AMNV step is not ours").isNull();
        assertThat(CampaignFunnelListenerFactory.stepOf(EventType.UPDATE_PROFILE, LANDING, null, null)).isNull();
    }
}
