package org.nhsloginkeycloak.status;

import org.keycloak.provider.ProviderFactory;

/** Makes the {@link ServiceStatus} of a request. */
public interface ServiceStatusFactory extends ProviderFactory<ServiceStatus> {
}
