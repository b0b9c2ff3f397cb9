package org.nhsloginkeycloak.campaigns;

import java.util.Locale;

/** Where a campaign is in its life. Only a draft may still be changed or deleted. */
public enum CampaignState {
    DRAFT, RUNNING, PAUSED, CANCELLED, FINISHED;

    /** The wire form, e.g. {@code "draft"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
