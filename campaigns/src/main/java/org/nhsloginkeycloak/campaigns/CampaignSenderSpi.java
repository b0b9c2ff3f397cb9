package org.nhsloginkeycloak.campaigns;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: options are {@code --spi-nhs-campaign-sender--<provider>--<option>}. */
public final class CampaignSenderSpi implements Spi {

    public static final String NAME = "nhs-campaign-sender";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return CampaignSender.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CampaignSenderFactory.class;
    }
}
