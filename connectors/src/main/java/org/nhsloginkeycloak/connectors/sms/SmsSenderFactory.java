package org.nhsloginkeycloak.connectors.sms;

import org.keycloak.provider.ProviderFactory;

/** Factory of an {@link SmsSender}; one per provider id. */
public interface SmsSenderFactory extends ProviderFactory<SmsSender> {
}
