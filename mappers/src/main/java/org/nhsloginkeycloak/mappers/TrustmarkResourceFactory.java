package org.nhsloginkeycloak.mappers;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Realm resource {@value #PROVIDER_ID}: serves {@code <issuer>/trustmark}, the document {@code vtm} points at when the
 * {@code nhs-vot-mapper} has no trustmark URL of its own.
 */
public final class TrustmarkResourceFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "trustmark";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new TrustmarkResource(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
