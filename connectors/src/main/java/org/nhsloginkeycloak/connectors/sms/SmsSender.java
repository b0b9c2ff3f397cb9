package org.nhsloginkeycloak.connectors.sms;

import org.keycloak.provider.Provider;

/**
 * Sends a security code by text message. Chosen with {@code --spi-nhs-sms-sender--provider=<id>}:
 * {@value NotifySmsSenderFactory#PROVIDER_ID} (the real service) or {@value DevelopmentSmsSenderFactory#PROVIDER_ID}.
 */
public interface SmsSender extends Provider {

    /**
     * Sends {@code code} to {@code phoneNumber} (E.164). Implementations never log the code or the whole number.
     *
     * @throws SmsSendException when the message was not accepted for delivery
     */
    void sendSecurityCode(String phoneNumber, String code) throws SmsSendException;

    @Override
    default void close() {
    }
}
