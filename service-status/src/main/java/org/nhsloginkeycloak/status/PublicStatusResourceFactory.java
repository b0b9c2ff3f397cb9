package org.nhsloginkeycloak.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Realm resource {@value #PROVIDER_ID}: {@code /realms/{realm}/service-status}, the state for anyone (partners' status
 * pages): level, affected journeys, since when, the operator's message. No personal data; cacheable for
 * {@value #MAX_AGE_SECONDS} s.
 */
public final class PublicStatusResourceFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "service-status";
    static final int MAX_AGE_SECONDS = 10;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new PublicStatusResource(session);
    }

    /** Public, with an explicit empty {@code @Path}, as Keycloak's REST layer needs for a realm resource. */
    public static final class PublicStatusResource implements RealmResourceProvider {

        private final KeycloakSession session;

        PublicStatusResource(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Object getResource() {
            return this;
        }

        @GET
        @Path("")
        @Produces(MediaType.APPLICATION_JSON)
        public Response status() {
            RealmModel realm = session.getContext().getRealm();
            Assessment assessment = session.getProvider(ServiceStatus.class).assess(realm);
            CacheControl cache = new CacheControl();
            cache.setMaxAge(MAX_AGE_SECONDS);
            return Response.ok(StatusJson.forPublic(realm.getName(), assessment).toString(),
                    MediaType.APPLICATION_JSON_TYPE).cacheControl(cache).header("Access-Control-Allow-Origin", "*")
                    .build();
        }

        @Override
        public void close() {
        }
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

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
