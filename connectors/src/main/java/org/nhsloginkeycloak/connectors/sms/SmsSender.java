package org.nhsloginkeycloak.connectors.sms;

import java.time.Duration;
import java.util.Optional;
import org.keycloak.provider.Provider;
import org.nhsloginkeycloak.connectors.health.DependencyHealth;

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

    /**
     * How the service behind it has answered this node over the last {@code over} (at most a minute); empty when
     * nothing is called (development).
     */
    default Optional<DependencyHealth.Snapshot> health(Duration over) {
        return Optional.empty();
    }

    @Override
    default void close() {
    }
}
