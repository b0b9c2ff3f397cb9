package org.nhsloginkeycloak.status;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** SPI {@value #NAME}: the service state of a realm. Options: {@code --spi-nhs-service-status--default--<option>}. */
public final class ServiceStatusSpi implements Spi {

    public static final String NAME = "nhs-service-status";

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
        return ServiceStatus.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ServiceStatusFactory.class;
    }
}
