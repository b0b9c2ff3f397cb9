package org.nhsloginkeycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reading a campaign's {@code progress} from the admin API. */
public final class CampaignCounts {

    private CampaignCounts() {
    }

    /** Every recipient, whatever became of them so far: queued, sending, sent, failed and skipped for any reason. */
    public static long total(JsonNode progress) {
        long total = 0;
        for (String status : List.of("queued", "sending", "sent", "failed")) {
            total += progress.path(status).asLong();
        }
        for (JsonNode skipped : progress.path("skipped")) {
            total += skipped.asLong();
        }
        return total;
    }
}
