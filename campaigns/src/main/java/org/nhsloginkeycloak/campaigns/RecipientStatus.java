package org.nhsloginkeycloak.campaigns;

import java.util.Locale;

/**
 * Where one recipient of a started campaign is. Queued at the snapshot; marked sending (and committed) before the email
 * goes, sent or failed after it; or skipped, by the reason found when their turn came.
 */
public enum RecipientStatus {
    QUEUED,
    /** Marked before the send. Still here after a crash or an unanswered call: asked about by reference first. */
    SENDING,
    SENT,
    /** Notify refused the address, or would not take it after {@link CampaignRunner#MAX_ATTEMPTS} tries. */
    FAILED,
    /** Skipped: reached P5 or P9 since the snapshot. */
    UPLIFTED,
    /** Skipped: deleted since the snapshot. */
    DELETED,
    /** Skipped: disabled, or no verified email any more. */
    UNREACHABLE,
    /** Skipped: unsubscribed (from any campaign's email) since the snapshot. */
    OPTED_OUT,
    /** Skipped: another campaign emailed them within the frequency cap since the snapshot. */
    CAPPED;

    /** Skipped rather than emailed. */
    boolean skipped() {
        return this == UPLIFTED || this == DELETED || this == UNREACHABLE || this == OPTED_OUT || this == CAPPED;
    }

    /** The wire form, e.g. {@code "sent"}. */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
