package org.nhsloginkeycloak.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignProgressTest {

    private static final Map<RecipientStatus, Long> COUNTS = Map.of(RecipientStatus.SENT, 120L,
            RecipientStatus.QUEUED, 30L, RecipientStatus.FAILED, 1L, RecipientStatus.UPLIFTED, 3L,
            RecipientStatus.DELETED, 2L);

    @Test
    void theLogLineSaysEveryStatusAndEachReasonForSkipping() {
        assertThat(CampaignProgress.describe(COUNTS))
                .isEqualTo("120 sent, 30 queued, 0 sending, 1 failed, 5 skipped (3 uplifted, 2 deleted)");
        assertThat(CampaignProgress.describe(Map.of())).isEqualTo("0 sent, 0 queued, 0 sending, 0 failed, 0 skipped");
    }

    @Test
    void theAdminApiHasEveryStatusEvenAtNoneAndTheSkippedByReason() {
        ObjectNode progress = new ObjectMapper().createObjectNode();
        CampaignProgress.write(COUNTS, progress);
        assertThat(progress.toString()).isEqualTo("{\"queued\":30,\"sending\":0,\"sent\":120,\"failed\":1,"
                + "\"skipped\":{\"uplifted\":3,\"deleted\":2,\"unreachable\":0,"
                + "\"opted-out\":0,\"capped\":0}}");
    }

    @Test
    void timeLeftIsTheQueueAtTheRateInWordsAPersonReads() {
        assertThat(CampaignProgress.timeLeft(0, 1200)).isEqualTo("nothing");
        assertThat(CampaignProgress.timeLeft(10, 1200)).isEqualTo("under a minute");
        assertThat(CampaignProgress.timeLeft(1200, 1200)).isEqualTo("1 min");
        assertThat(CampaignProgress.timeLeft(250_000, 1200)).isEqualTo("3 h 28 min");
        // A million at Notify's full rate, its daily limit aside.
        assertThat(CampaignProgress.timeLeft(1_000_000, 3000)).isEqualTo("5 h 33 min");
        assertThat(CampaignProgress.timeLeft(5_000_000, 1200)).isEqualTo("2 d 21 h 26 min");
    }
}
