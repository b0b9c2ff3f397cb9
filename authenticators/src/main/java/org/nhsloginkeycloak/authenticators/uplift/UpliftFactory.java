package org.nhsloginkeycloak.authenticators.uplift;

import org.keycloak.provider.ProviderFactory;

/** Makes the {@link Uplift} service for a request. */
public interface UpliftFactory extends ProviderFactory<Uplift> {
}
