package org.nhsloginkeycloak.campaigns;

import org.keycloak.provider.ProviderFactory;

/** Makes a {@link CampaignSender}; the factory that is configured also runs the campaigns on its node. */
public interface CampaignSenderFactory extends ProviderFactory<CampaignSender> {

    /** The most emails a minute any campaign may send through this server (a campaign may ask for fewer). */
    int perMinute();

    /** No citizen is emailed by a campaign within this many days of another campaign's email. */
    int frequencyCapDays();
}
