package org.nhsloginkeycloak.connectors.pds;

import org.keycloak.provider.ProviderFactory;

/** A way to reach PDS, chosen with {@code --spi-nhs-pds--provider}. */
public interface PdsClientFactory extends ProviderFactory<PdsClient> {
}
