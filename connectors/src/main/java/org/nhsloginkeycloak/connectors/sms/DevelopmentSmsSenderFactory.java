package org.nhsloginkeycloak.connectors.sms;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * {@value #PROVIDER_ID}: sends nothing. Logs that a code went to a masked number and keeps the last
 * {@value #KEPT} messages in memory. Only {@code --spi-nhs-sms-sender--development--log-codes=true} puts the code itself
 * in the log, for a developer's own machine.
 */
public final class DevelopmentSmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "development";
    static final int KEPT = 50;

    private static final Logger LOG = Logger.getLogger(DevelopmentSmsSenderFactory.class);

    /** A message the development sender was asked to send. */
    public record Message(String phoneNumber, String code, Instant at) {

        @Override
        public String toString() {
            return "Message[" + PhoneNumbers.masked(phoneNumber) + " at " + at + "]";
        }
    }

    private final Deque<Message> kept = new ArrayDeque<>();
    private boolean logCodes;

    @Override
    public SmsSender create(KeycloakSession session) {
        return this::record;
    }

    private void record(String phoneNumber, String code) {
        synchronized (kept) {
            kept.addFirst(new Message(phoneNumber, code, Instant.now()));
            while (kept.size() > KEPT) {
                kept.removeLast();
            }
        }
        if (logCodes) {
            LOG.infof("Development SMS to %s: security code %s", PhoneNumbers.masked(phoneNumber), code);
        } else {
            LOG.infof("Development SMS: a security code was 'sent' to %s", PhoneNumbers.masked(phoneNumber));
        }
    }

    /** The kept messages, newest first. */
    public List<Message> recentMessages() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    @Override
    public void init(Config.Scope config) {
        logCodes = config.getBoolean("log-codes", false);
        if (logCodes) {
            LOG.warn("The development SMS sender logs security codes: never use it where real people sign in");
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("log-codes").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Write each security code to the log. For a developer's machine only.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("log-codes", Boolean.toString(logCodes));
    }
}
