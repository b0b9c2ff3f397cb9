package org.nhsloginkeycloak.connectors.pds;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The {@value #NAME} SPI: options are {@code --spi-nhs-pds--<provider>--<option>}. */
public final class PdsSpi implements Spi {

    public static final String NAME = "nhs-pds";

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
        return PdsClient.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PdsClientFactory.class;
    }
}
