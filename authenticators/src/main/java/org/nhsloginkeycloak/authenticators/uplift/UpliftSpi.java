package org.nhsloginkeycloak.authenticators.uplift;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@value #NAME}: the P5 uplift as one domain service, whichever door (sign-in step, required action) the citizen
 * came through. Options: {@code --spi-nhs-uplift--default--<option>}.
 */
public final class UpliftSpi implements Spi {

    public static final String NAME = "nhs-uplift";

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
        return Uplift.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return UpliftFactory.class;
    }
}
