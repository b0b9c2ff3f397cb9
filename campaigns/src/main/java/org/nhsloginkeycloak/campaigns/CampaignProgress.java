package org.nhsloginkeycloak.campaigns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A campaign's recipients by status, as the admin API and the log line say them. */
final class CampaignProgress {

    private CampaignProgress() {
    }

    /** E.g. {@code 120 sent, 30 queued, 0 sending, 1 failed, 5 skipped (3 uplifted, 2 deleted)}. */
    static String describe(Map<RecipientStatus, Long> counts) {
        List<String> skipped = new ArrayList<>();
        long skippedTotal = 0;
        for (RecipientStatus status : RecipientStatus.values()) {
            if (status.skipped() && counts.getOrDefault(status, 0L) > 0) {
                skipped.add(counts.get(status) + " " + status.id());
                skippedTotal += counts.get(status);
            }
        }
        return count(counts, RecipientStatus.SENT) + " sent, " + count(counts, RecipientStatus.QUEUED) + " queued, "
                + count(counts, RecipientStatus.SENDING) + " sending, " + count(counts, RecipientStatus.FAILED)
                + " failed, " + skippedTotal + " skipped" + (skipped.isEmpty() ? "" : " (" + String.join(", ", skipped)
                + ")");
    }

    /** {@code {"queued": 30, "sending": 0, "sent": 120, "failed": 1, "skipped": {"uplifted": 3, ...}}}. */
    static void write(Map<RecipientStatus, Long> counts, ObjectNode progress) {
        ObjectNode skipped = null;
        for (RecipientStatus status : RecipientStatus.values()) {
            if (!status.skipped()) {
                progress.put(status.id(), count(counts, status));
            }
        }
        skipped = progress.putObject("skipped");
        for (RecipientStatus status : RecipientStatus.values()) {
            if (status.skipped()) {
                skipped.put(status.id(), count(counts, status));
            }
        }
    }

    /** How long {@code queued} recipients take at {@code perMinute}, e.g. {@code 3 h 20 min}; Notify's daily limit aside. */
    static String timeLeft(long queued, int perMinute) {
        Duration left = Duration.ofSeconds((long) Math.ceil(queued * 60.0 / Math.max(1, perMinute)));
        if (left.toMinutes() < 1) {
            return left.isZero() ? "nothing" : "under a minute";
        }
        long days = left.toDays();
        long hours = left.toHoursPart();
        long minutes = left.toMinutesPart();
        return (days > 0 ? days + " d " : "") + (days > 0 || hours > 0 ? hours + " h " : "") + minutes + " min";
    }

    private static long count(Map<RecipientStatus, Long> counts, RecipientStatus status) {
        return counts.getOrDefault(status, 0L);
    }
}
