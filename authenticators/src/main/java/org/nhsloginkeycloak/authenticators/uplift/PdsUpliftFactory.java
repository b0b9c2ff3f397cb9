package org.nhsloginkeycloak.authenticators.uplift;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * {@value #PROVIDER_ID}: the uplift against PDS. Option {@code --spi-nhs-uplift--default--traces-per-day}: traces that
 * find no one (or no one linkable) allowed per citizen per day, default {@value #DEFAULT_TRACES_PER_DAY}; the same for
 * every realm and door, so a citizen cannot try more by starting again elsewhere.
 */
public final class PdsUpliftFactory implements UpliftFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "default";
    static final int DEFAULT_TRACES_PER_DAY = 3;
    static final String TRACES_PER_DAY = "traces-per-day";

    private int tracesPerDay = DEFAULT_TRACES_PER_DAY;

    @Override
    public Uplift create(KeycloakSession session) {
        return new PdsUplift(session, tracesPerDay, Clock.systemUTC());
    }

    @Override
    public void init(Config.Scope config) {
        int perDay = config.getInt(TRACES_PER_DAY, DEFAULT_TRACES_PER_DAY);
        if (perDay < 1) {
            throw new IllegalArgumentException("--spi-nhs-uplift--default--traces-per-day must be 1 or more, not "
                    + perDay);
        }
        tracesPerDay = perDay;
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
                .property().name(TRACES_PER_DAY).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Traces that find no one allowed per citizen per day").defaultValue(DEFAULT_TRACES_PER_DAY)
                .add().build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(TRACES_PER_DAY, Integer.toString(tracesPerDay));
    }
}
