package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CampaignQueueTurnTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final long CAP = NOW - 30L * 24 * 3600 * 1000;

    private static CampaignQueue.Turn turn(boolean exists, String email, boolean enabled, boolean verified,
            String level, Long optedOut, Long lastEmailed) {
        return new CampaignQueue.Turn("u-1", null, "en", 0, exists, email, enabled, verified, level, optedOut,
                lastEmailed);
    }

    @Test
    void aP0CitizenWhoCanStillBeEmailedIsSent() {
        assertThat(turn(true, "a@example.test", true, true, null, null, null).skip(CAP)).isNull();
        assertThat(turn(true, "a@example.test", true, true, "P0", null, CAP - 1).skip(CAP))
                .as("emailed before the cap's window").isNull();
    }

    @Test
    void eachChangeSinceTheSnapshotIsItsOwnReason() {
        assertThat(turn(false, null, false, false, null, null, null).skip(CAP)).isEqualTo(RecipientStatus.DELETED);
        assertThat(turn(true, "a@example.test", true, true, "P5", null, null).skip(CAP))
                .isEqualTo(RecipientStatus.UPLIFTED);
        assertThat(turn(true, "a@example.test", true, true, "P9", NOW, NOW).skip(CAP))
                .as("uplifted outranks the rest").isEqualTo(RecipientStatus.UPLIFTED);
        assertThat(turn(true, "a@example.test", false, true, null, null, null).skip(CAP))
                .isEqualTo(RecipientStatus.UNREACHABLE);
        assertThat(turn(true, null, true, true, null, null, null).skip(CAP)).isEqualTo(RecipientStatus.UNREACHABLE);
        assertThat(turn(true, "a@example.test", true, false, null, null, null).skip(CAP))
                .isEqualTo(RecipientStatus.UNREACHABLE);
        assertThat(turn(true, "a@example.test", true, true, null, NOW, null).skip(CAP))
                .isEqualTo(RecipientStatus.OPTED_OUT);
        assertThat(turn(true, "a@example.test", true, true, null, null, CAP + 1).skip(CAP))
                .isEqualTo(RecipientStatus.CAPPED);
        assertThat(turn(true, "a@example.test", true, true, null, null, NOW).skip(Long.MAX_VALUE))
                .as("no cap").isNull();
    }
}
